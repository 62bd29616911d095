using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// Synchronous rungs (successive halving; Hyperband is several brackets of them, side by side). Rung r trains every
/// trial of the bracket's surviving configurations to the rung's budget, each continuing from its checkpoint at the
/// rung before. When every such trial has its result at the rung (reached it, or ended for good on the way), the
/// barrier ranks the configurations (<see cref="RungRanking"/>) and promotes the best ⌈n/η⌉; the others' trials are
/// Pruned, their metrics those at the rung. Trials of the last rung train to Training:Epochs and end Completed.
/// <para>
/// Decisions depend only on results, so they are the same at any parallelism and on any cluster. One thing may happen
/// before a barrier without changing any decision: a configuration that is certain to be promoted whatever the missing
/// results turn out to be (<see cref="RungRanking.CertainlyPromoted"/>) starts its next rung at once, which keeps
/// workers busy while the rung's last trials finish. Work is handed out longest first (epochs to train × the size of
/// the hidden layers), ties by trial number; work started early comes after the work its barrier waits for.
/// </para>
/// <para>
/// Resuming: from the final results (the journal), the results at rungs (every rung a trial reached) and the live trials'
/// checkpoints, the decisions are taken again (<see cref="RungDecision.Replayed"/>); trials a replayed decision prunes
/// and that are not yet final come out in <see cref="TrialSchedule.Started"/>; a trial trains again only from its
/// latest checkpoint, and only what it had not reached.
/// </para>
/// </summary>
internal sealed class RungSchedule : TrialSchedule
{
    private readonly RungPlan _rungs;
    private readonly ValidationMetric _metric;
    private readonly Dictionary<int, TrialState> _trials = new();
    private readonly Dictionary<int, TrialState[]> _repeatsOf = new();
    private readonly Dictionary<int, BracketState> _bracketOf = new();
    private readonly List<BracketState> _brackets;
    private readonly PriorityQueue<TrialWork, (bool Early, long NegativeCost, int TrialId)> _ready = new();
    private readonly HashSet<(int TrialId, int Rung)> _issued = new();
    private int _unfinished;

    public RungSchedule(SweepPlan plan, RungPlan rungs, IReadOnlyList<TrialResult> finished, IReadOnlyList<TrialResult> arrivals, IReadOnlyList<TrialCheckpoint> checkpoints)
    {
        _rungs = rungs;
        _metric = rungs.Options.Metric;
        foreach (var spec in plan.Trials)
        {
            _trials[spec.TrialId] = new TrialState(spec);
        }

        foreach (var group in _trials.Values.GroupBy(t => t.Spec.Configuration))
        {
            _repeatsOf[group.Key] = [.. group.OrderBy(t => t.Spec.Repeat).ThenBy(t => t.Spec.TrialId)];
        }

        foreach (var result in finished)
        {
            if (_trials.TryGetValue(result.TrialId, out var trial) && trial.Final is null)
            {
                trial.Final = result;
            }
        }

        foreach (var result in arrivals)
        {
            if (result.Rung is { } rung && _trials.TryGetValue(result.TrialId, out var trial))
            {
                trial.Outcomes.TryAdd(rung, result);
            }
        }

        foreach (var checkpoint in checkpoints)
        {
            if (_trials.TryGetValue(checkpoint.TrialId, out var trial) && trial.Final is null)
            {
                // Written before its rung's result was appended: a crash between the two leaves only the checkpoint.
                trial.Outcomes.TryAdd(checkpoint.Rung, checkpoint.Result);
                if (trial.Latest is null || checkpoint.Rung > trial.Latest.Rung)
                {
                    trial.Latest = checkpoint;
                }
            }
        }

        _unfinished = _trials.Values.Count(t => t.Final is null);
        _brackets = [.. rungs.Brackets.Select(b => new BracketState(b))];
        foreach (var bracket in _brackets)
        {
            foreach (var configuration in bracket.Bracket.Configurations)
            {
                _bracketOf[configuration] = bracket;
            }
        }

        var decisions = new List<RungDecision>();
        var pruned = new List<TrialCheckpoint>();
        foreach (var bracket in _brackets)
        {
            Advance(bracket, replayed: true, decisions, pruned);
        }

        Started = new ScheduleEvents(decisions, pruned);
    }

    public override bool HasBarriers => true;

    public override bool IsComplete => _unfinished == 0;

    public override bool MoreWorkMayCome => !IsComplete;

    public override int Ready => _ready.Count;

    public override TrialWork? Next() => _ready.TryDequeue(out var work, out _) ? work : null;

    public override ScheduleEvents Reached(TrialCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var trial = _trials[checkpoint.TrialId];
        if (trial.Final is not null || checkpoint.Rung >= _rungs.Rungs)
        {
            throw new InvalidOperationException($"Trial {checkpoint.TrialId} cannot pause at rung {checkpoint.Rung}: {(trial.Final is not null ? "it has ended" : "the last rung trains to the end")}.");
        }

        trial.Outcomes[checkpoint.Rung] = checkpoint.Result;
        if (trial.Latest is null || checkpoint.Rung > trial.Latest.Rung)
        {
            trial.Latest = checkpoint;
        }

        return AdvanceBracketOf(trial);
    }

    public override ScheduleEvents Finished(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var trial = _trials[result.TrialId];
        if (trial.Final is not null)
        {
            return ScheduleEvents.None;
        }

        End(trial, result);
        return AdvanceBracketOf(trial);
    }

    private ScheduleEvents AdvanceBracketOf(TrialState trial)
    {
        var decisions = new List<RungDecision>();
        var pruned = new List<TrialCheckpoint>();
        Advance(_bracketOf[trial.Spec.Configuration], replayed: false, decisions, pruned);
        return decisions.Count == 0 && pruned.Count == 0 ? ScheduleEvents.None : new ScheduleEvents(decisions, pruned);
    }

    // Takes every decision the bracket's results allow, then hands out the work its current rung still needs.
    private void Advance(BracketState bracket, bool replayed, List<RungDecision> decisions, List<TrialCheckpoint> pruned)
    {
        while (!bracket.Done)
        {
            var rung = bracket.Rung;
            if (rung == _rungs.Rungs)
            {
                IssueMissing(bracket, rung);
                bracket.Done = bracket.Live.SelectMany(c => _repeatsOf[c]).All(t => t.Final is not null);
                return;
            }

            if (!bracket.Live.All(c => _repeatsOf[c].All(t => OutcomeAt(t, rung) is not null)))
            {
                IssueMissing(bracket, rung);
                PromoteTheCertain(bracket, rung);
                return;
            }

            var quota = RungRanking.Quota(bracket.Live.Count, _rungs.Options.ReductionFactor);
            var standings = RungRanking.Rank(bracket.Live.Select(c => (c, (IReadOnlyList<TrialResult>)[.. _repeatsOf[c].Select(t => OutcomeAt(t, rung)!)])), _metric, quota);
            decisions.Add(new RungDecision(bracket.Bracket.Number, _rungs.BracketCount, rung, _rungs.Rungs, _rungs.BudgetOf(rung), standings, replayed));
            foreach (var standing in standings.Where(s => !s.Promoted))
            {
                foreach (var trial in _repeatsOf[standing.Configuration].Where(t => t.Final is null))
                {
                    var result = OutcomeAt(trial, rung)! with { Status = TrialStatus.Pruned, Rung = rung };
                    var paused = trial.Latest is { } latest && latest.Rung == rung ? latest : null;
                    pruned.Add(new TrialCheckpoint(trial.Spec.TrialId, rung, result, paused?.State ?? []) { Curve = paused?.Curve ?? LearningCurve.Empty });
                    End(trial, result);
                }
            }

            bracket.Live = [.. standings.Where(s => s.Promoted).Select(s => s.Configuration).Order()];
            bracket.Rung = rung + 1;
            bracket.EarlyPromoted.Clear();
        }
    }

    // Before the barrier: a configuration sure to be promoted starts its next rung now.
    private void PromoteTheCertain(BracketState bracket, int rung)
    {
        var quota = RungRanking.Quota(bracket.Live.Count, _rungs.Options.ReductionFactor);
        var known = bracket.Live.Select(c => (c, (IReadOnlyList<TrialResult?>)[.. _repeatsOf[c].Select(t => OutcomeAt(t, rung))])).ToList();
        foreach (var (configuration, results) in known)
        {
            if (bracket.EarlyPromoted.Contains(configuration) || results.Any(r => r is null))
            {
                continue;
            }

            if (RungRanking.CertainlyPromoted(configuration, [.. results.Select(r => r!)], known, _metric, quota))
            {
                bracket.EarlyPromoted.Add(configuration);
                foreach (var trial in _repeatsOf[configuration])
                {
                    Issue(trial, rung + 1);
                }
            }
        }
    }

    private void IssueMissing(BracketState bracket, int rung)
    {
        foreach (var configuration in bracket.Live)
        {
            foreach (var trial in _repeatsOf[configuration])
            {
                Issue(trial, rung);
            }
        }
    }

    // Work for the trial up to the rung's budget, from its latest checkpoint, unless it has ended, has its result
    // there already, or was handed out before.
    private void Issue(TrialState trial, int rung)
    {
        if (trial.Final is not null || OutcomeAt(trial, rung) is not null || !_issued.Add((trial.Spec.TrialId, rung)))
        {
            return;
        }

        var from = trial.Latest is { } latest && latest.Rung < rung ? latest : null;
        var work = new TrialWork(trial.Spec, rung, _rungs.BudgetOf(rung), from);
        var early = rung > _bracketOf[trial.Spec.Configuration].Rung;
        _ready.Enqueue(work, (early, -(work.Epochs * HiddenCost(trial.Spec)), trial.Spec.TrialId));
    }

    private void End(TrialState trial, TrialResult result)
    {
        trial.Final = result;
        trial.Latest = null;
        _unfinished--;
    }

    /// <summary>The trial's result at the rung: what it reached there, or its final result when it ended at or before it.</summary>
    private static TrialResult? OutcomeAt(TrialState trial, int rung) =>
        trial.Outcomes.TryGetValue(rung, out var reached) ? reached
        : trial.Final is { } final && (final.Rung ?? int.MaxValue) <= rung ? final
        : null;

    /// <summary>A trial's cost per epoch, up to the data's width: the hidden layers' weights and units.</summary>
    private static long HiddenCost(TrialSpec spec)
    {
        var hidden = spec.Training.Hidden;
        long cost = hidden.Sum();
        for (var l = 1; l < hidden.Count; l++)
        {
            cost += (long)hidden[l - 1] * hidden[l];
        }

        return Math.Max(1, cost);
    }

    private sealed class TrialState(TrialSpec spec)
    {
        public TrialSpec Spec { get; } = spec;

        /// <summary>The trial's result at each rung it reached.</summary>
        public Dictionary<int, TrialResult> Outcomes { get; } = new();

        public TrialCheckpoint? Latest { get; set; }

        public TrialResult? Final { get; set; }
    }

    private sealed class BracketState(Bracket bracket)
    {
        public Bracket Bracket { get; } = bracket;

        /// <summary>The rung being trained (from 1), awaiting its barrier.</summary>
        public int Rung { get; set; } = bracket.FirstRung;

        /// <summary>The configurations at <see cref="Rung"/>, ascending.</summary>
        public IReadOnlyList<int> Live { get; set; } = bracket.Configurations;

        public HashSet<int> EarlyPromoted { get; } = new();

        public bool Done { get; set; }
    }
}
