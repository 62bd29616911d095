using System.Diagnostics;
using System.Globalization;
using System.Text;
using static System.FormattableString;
using Akka.Actor;
using Akka.Event;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Results.Statistics;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// Records every finished trial: appends it with its learning curve to the journal, forced to disk (one fsync per group
/// of results that arrived together) BEFORE counting it, logs it, keeps a per-trial summary (no curves, no history, so
/// memory stays flat over 100,000 trials), and when every trial of the plan is recorded writes the ranked report and
/// completes <see cref="SweepCompletion"/>. Before that final report, when <see cref="SweepRun.ReplayNetworks"/> asks for
/// it, the best configuration's first repeat (and the best lowest-dropout one's, for 2-feature data) is trained again
/// from the plan off the actor (<see cref="TrialReplay"/>), for best-model.json and the decision regions; a replay whose
/// metrics differ from the journal's is left out. On shutdown it writes a partial report marked incomplete (during the
/// replay: the complete report without the networks). A second result for the same trial is ignored and logged. With a
/// scheduler it also keeps each trial paused at a rung (checkpoint and result there) beside the journal, and logs each
/// barrier's decision.
/// </summary>
public sealed class AggregatorActor : ReceiveActor
{
    private static readonly TimeSpan ProgressLineEvery = TimeSpan.FromSeconds(5);

    private readonly SweepRun _run;
    private readonly SweepCompletion _completion;
    private readonly SweepFiles _files;
    private readonly Dictionary<int, TrialResult> _results;
    private readonly List<TrialResult> _uncommitted = new();
    private readonly HashSet<int> _uncommittedIds = new();
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ILoggingAdapter _log;
    private readonly ILoggingAdapter _sweepStarted;
    private readonly ILoggingAdapter _trialStarted;
    private readonly ILoggingAdapter _trialCompleted;
    private readonly ILoggingAdapter _trialFailed;
    private readonly ILoggingAdapter _sweepCompleted;
    private readonly int _alreadyDone;
    private readonly RunningBest _best;
    private TimeSpan _lastProgressLine = TimeSpan.Zero;
    private readonly List<RungDecision> _decisions = new();
    private readonly ILoggingAdapter _rungDecided;
    private readonly ILoggingAdapter _trialReachedRung;
    private WorkerTime? _workerTime;
    private IActorRef _coordinator = ActorRefs.Nobody;
    private bool _commitScheduled;
    private bool _finalWritten;
    private bool _workersReleased;
    private RankedSweep? _replaying;
    private CancellationTokenSource? _replay;
    private int _cancelled;
    private string? _error;

    public AggregatorActor(SweepRun run, SweepCompletion completion)
    {
        _run = run;
        _completion = completion;
        _files = new SweepFiles(run);
        _total = run.Plan.Trials.Count;
        _results = new Dictionary<int, TrialResult>(_total); // sized once: no doubling of a 100,000-entry table
        _best = new RunningBest(run.Plan);
        foreach (var done in SweepResume.Finished(run))
        {
            Record(done);
        }

        _alreadyDone = _results.Count;

        var log = Context.GetLogger().WithContext("SweepName", run.Plan.Options.Name);
        _log = log;
        _sweepStarted = log.WithContext("EventType", "SweepStarted");
        _trialStarted = log.WithContext("EventType", "TrialStarted");
        _trialCompleted = log.WithContext("EventType", "TrialCompleted");
        _trialFailed = log.WithContext("EventType", "TrialFailed");
        _sweepCompleted = log.WithContext("EventType", "SweepCompleted");
        _rungDecided = log.WithContext("EventType", "RungDecided");
        _trialReachedRung = log.WithContext("EventType", "TrialReachedRung");

        Receive<TrialStarted>(Handle);
        Receive<TrialProgressed>(Handle);
        Receive<TrialFinished>(Handle);
        Receive<TrialReachedRung>(Handle);
        Receive<RungDecided>(Handle);
        Receive<WorkerTimeMeasured>(m => _workerTime = new WorkerTime(m.Workers, m.WorkerSeconds, m.IdleSeconds));
        Receive<CommitJournal>(_ => Commit());
        Receive<FlushReport>(Handle);
        Receive<NetworksReplayed>(Handle);
        Receive<SweepStopped>(_ => { }); // the coordinator's answer after a journal failure stopped the sweep
    }

    /// <summary>Creates the aggregator's props.</summary>
    public static Props Props(SweepRun run, SweepCompletion completion) =>
        Akka.Actor.Props.Create(() => new AggregatorActor(run, completion));

    protected override void PreStart()
    {
        var options = _run.Plan.Options;
        _sweepStarted.Info(
            "Sweep {SweepName}: {Trials} trials ({Strategy}, {Configurations} configurations × {Repeats} repeats), parallelism {Parallelism}, data {Dataset}, output {OutputDirectory}",
            new object?[] { options.Name, _total, options.Strategy, _run.Plan.Configurations, options.Repeats, _run.Parallelism, _run.Data.Name, _run.OutputDirectory });
        var paused = _run.Checkpoints.Select(c => c.TrialId).Except(_results.Keys).Count();
        if (paused > 0)
        {
            _sweepStarted.Info("Resuming: {AlreadyDone} of {Trials} trials already done, {Paused} paused at a rung (they continue from their checkpoints)", _alreadyDone, _total, paused);
        }
        else if (_alreadyDone > 0)
        {
            _sweepStarted.Info("Resuming: {AlreadyDone} of {Trials} trials already done", _alreadyDone, _total);
        }

        if (_results.Count == _total)
        {
            Finish();
        }
    }

    protected override void PostStop()
    {
        _replay?.Cancel();
        _replay?.Dispose();
        _files.Dispose();
    }

    private void Handle(TrialStarted started)
    {
        // Its settings and seed are in the TrialCompleted line: sweep.log.json stays within about 1.5 KB per trial.
        if (started.Rung is { } rung)
        {
            _trialStarted.Debug(
                "Trial {TrialId} started (attempt {Attempt}) on {Node}/{Worker}: rung {Rung} from epoch {FromEpoch}",
                new object?[] { started.TrialId, started.Attempt, started.Node, started.Worker, rung, started.FromEpoch });
        }
        else
        {
            _trialStarted.Debug("Trial {TrialId} started (attempt {Attempt}) on {Node}/{Worker}", started.TrialId, started.Attempt, started.Node, started.Worker);
        }

        Context.System.EventStream.Publish(started);
    }

    private void Handle(TrialReachedRung reached)
    {
        _coordinator = Sender;
        if (_error is not null)
        {
            return;
        }

        try
        {
            _files.ReachedRung(reached.Checkpoint); // on disk before any later decision is: a resume continues from it
        }
        catch (IOException error)
        {
            FailSweep(error, $"{error.Message}; trial {reached.Checkpoint.TrialId} will train its rung {reached.Checkpoint.Rung} again when the sweep is resumed");
            return;
        }

        var result = reached.Checkpoint.Result;
        _trialReachedRung.Debug(
            "Trial {TrialId} reached rung {Rung} at epoch {Epoch}: val_acc {ValidationAccuracy:F4} val_loss {ValidationLoss:F4}",
            result.TrialId, reached.Checkpoint.Rung, result.EpochsRun, result.ValidationAccuracy, result.ValidationLoss);
    }

    private void Handle(RungDecided decided)
    {
        var decision = decided.Decision;
        _decisions.Add(decision);
        var level = decision.Replayed ? LogLevel.DebugLevel : LogLevel.InfoLevel;
        if (decision.Brackets > 1)
        {
            _rungDecided.Log(level, null,
                "Bracket {Bracket} of {Brackets}, rung {Rung} of {Rungs}: {Configurations:N0} configurations at {Epochs:N0} epochs, {Promoted:N0} promoted",
                new object[] { decision.Bracket, decision.Brackets, decision.Rung, decision.Rungs, decision.Standings.Count, decision.Epochs, decision.Promoted });
        }
        else
        {
            _rungDecided.Log(level, null,
                "Rung {Rung} of {Rungs}: {Configurations:N0} configurations at {Epochs:N0} epochs, {Promoted:N0} promoted",
                new object[] { decision.Rung, decision.Rungs, decision.Standings.Count, decision.Epochs, decision.Promoted });
        }
    }

    // For a live display (the host subscribes); not logged: it would fill sweep.log.json with a line per snapshot, and
    // every evaluation is in the trial's result already.
    private void Handle(TrialProgressed progress) => Context.System.EventStream.Publish(progress);

    private void Handle(TrialFinished finished)
    {
        _coordinator = Sender;
        var result = finished.Result;
        if (_results.ContainsKey(result.TrialId) || _uncommittedIds.Contains(result.TrialId))
        {
            _log.Warning("Ignoring a duplicate result for trial {TrialId} ({Status} from {Node}): it is already recorded", result.TrialId, result.Status, result.Node);
            return;
        }

        if (result.Status == TrialStatus.Cancelled)
        {
            // Not finished: it stays out of the journal so that a resumed sweep trains it again.
            _cancelled++;
            _log.Info("Trial {TrialId} cancelled ({Reason}); it will run again when the sweep is resumed", result.TrialId, result.Reason);
            return;
        }

        if (_error is not null)
        {
            return;
        }

        try
        {
            _files.Journal(result, finished.Curve); // written now, on disk (fsync) at the next commit, counted after it
        }
        catch (Exception error) when (error is IOException or TrialJournalException)
        {
            FailSweep(error, $"{error.Message}; trial {result.TrialId} is not counted (a result that is not on disk never is)");
            return;
        }

        // Group commit: the results that arrive before this actor reaches its CommitJournal share one fsync, so a sweep
        // of tiny trials is not held to one fsync per trial, nor piles its results up in this mailbox meanwhile.
        _uncommitted.Add(result);
        _uncommittedIds.Add(result.TrialId);
        if (!_commitScheduled)
        {
            _commitScheduled = true;
            Self.Tell(CommitJournal.Instance);
        }
    }

    /// <summary>Forces the journaled results to disk, then counts them: nothing acknowledged is ever lost.</summary>
    private void Commit()
    {
        _commitScheduled = false;
        if (_uncommitted.Count == 0 || _error is not null)
        {
            return;
        }

        try
        {
            _files.CommitJournal();
        }
        catch (IOException error)
        {
            FailSweep(error, $"{error.Message}; the {_uncommitted.Count} result(s) written since the last commit (from trial {_uncommitted[0].TrialId}) are not counted (a result that is not on disk never is)");
            return;
        }

        foreach (var result in _uncommitted)
        {
            Record(result);
            Forget(result);
            LogTrial(result);
            Context.System.EventStream.Publish(new TrialRecorded(result.TrialId, result.Status, _results.Count, _total));
        }

        _uncommitted.Clear();
        _uncommittedIds.Clear();
        if (_results.Count == _total)
        {
            Finish();
        }
        else
        {
            MaybeLogProgress();
        }
    }

    // On disk, a scheduled trial's result makes its checkpoint useless: deleted (a stale one would be ignored on resume).
    private void Forget(TrialResult result)
    {
        if (result.Rung is null)
        {
            return;
        }

        try
        {
            _files.Forget(result.TrialId);
        }
        catch (IOException error)
        {
            _log.Warning("{Error}; a resumed sweep ignores the stale checkpoint of trial {TrialId}, which is journaled", error.Message, result.TrialId);
        }
    }

    private void Handle(FlushReport flush)
    {
        Commit(); // results journaled but not yet counted go into the partial report (or complete the sweep)
        if (_replaying is { } replaying && !_finalWritten && _error is null)
        {
            // Every trial is in: the report is complete, only the replayed networks are missing.
            _replay?.Cancel();
            _log.Warning("Stopping the replay ({Reason}): the report is written without best-model.json and the decision regions", flush.Reason);
            Complete(replaying, [], $"the replay of the best trial was interrupted ({flush.Reason}); run the same command again to write them");
        }

        if (_finalWritten || _error is not null)
        {
            Sender.Tell(new ReportFlushed(_results.Count, _total, _finalWritten));
            return;
        }

        var partial = WriteReport(complete: false, _files.Rank(_results.Values.ToList()), [], PartialNote);
        if (!partial)
        {
            Sender.Tell(new ReportFlushed(_results.Count, _total, false));
            return;
        }

        _log.Warning("Sweep {SweepName} interrupted ({Reason}): partial report of {Finished}/{Trials} trials written to {OutputDirectory}", _run.Plan.Options.Name, flush.Reason, _results.Count, _total, _run.OutputDirectory);
        _completion.TryComplete(Outcome(complete: false));
        Sender.Tell(new ReportFlushed(_results.Count, _total, false));
    }

    private void Record(TrialResult result)
    {
        _results[result.TrialId] = result;
        _best.Add(result, trialId => _results[trialId]);
    }

    private void LogTrial(TrialResult result)
    {
        var spec = _run.Plan.Trial(result.TrialId) ?? throw new InvalidOperationException($"Trial {result.TrialId} is not in the plan.");
        var elapsedMs = (long)Math.Round(result.Seconds * 1000);
        var others = OtherSweptSettings(spec);
        if (result.Status == TrialStatus.Pruned)
        {
            _trialCompleted.Info(
                "Trial {TrialId}/{Trials} dropout {DropoutRate} l2 {L2} lr {LearningRate}{OtherSettings} seed {Seed}: {Status} at rung {Rung} ({EpochsRun} epochs) val_acc {ValidationAccuracy:F4} val_loss {ValidationLoss:F4}",
                new object?[] { result.TrialId, _total, spec.Training.DropoutRate, spec.Training.L2, spec.Training.LearningRate, others, spec.Seed, result.Status, result.Rung, result.EpochsRun, result.ValidationAccuracy, result.ValidationLoss });
        }
        else if (result.Status is TrialStatus.Completed or TrialStatus.Diverged)
        {
            _trialCompleted.Info(
                "Trial {TrialId}/{Trials} dropout {DropoutRate} l2 {L2} lr {LearningRate}{OtherSettings} seed {Seed}: {Status} val_acc {ValidationAccuracy:F4} val_loss {ValidationLoss:F4} ({ElapsedMs} ms, {Node})",
                new object?[] { result.TrialId, _total, spec.Training.DropoutRate, spec.Training.L2, spec.Training.LearningRate, others, spec.Seed, result.Status, result.ValidationAccuracy, result.ValidationLoss, elapsedMs, result.Node });
        }
        else
        {
            _trialFailed.Warning(
                "Trial {TrialId}/{Trials} dropout {DropoutRate} l2 {L2} lr {LearningRate}{OtherSettings} seed {Seed}: {Status} after {Attempts} attempt(s): {Reason} ({ElapsedMs} ms, {Node})",
                new object?[] { result.TrialId, _total, spec.Training.DropoutRate, spec.Training.L2, spec.Training.LearningRate, others, spec.Seed, result.Status, result.Attempts, result.Reason, elapsedMs, result.Node });
        }
    }

    private string OtherSweptSettings(TrialSpec spec)
    {
        var builder = new StringBuilder();
        foreach (var setting in _run.Plan.SweptSettings)
        {
            if (setting is not ("DropoutRate" or "L2" or "LearningRate"))
            {
                builder.Append(' ').Append(TrainingSettings.Section[setting].Column).Append(' ').Append(TrainingSettings.Section[setting].Format(spec.Training));
            }
        }

        return builder.ToString();
    }

    private void MaybeLogProgress()
    {
        var now = _clock.Elapsed;
        if (now - _lastProgressLine < ProgressLineEvery)
        {
            return;
        }

        _lastProgressLine = now;
        var doneThisRun = _results.Count - _alreadyDone;
        var eta = doneThisRun == 0 ? TimeSpan.Zero : now / doneThisRun * (_total - _results.Count);
        // The best as the ranking defines it: a configuration's mean over all its repeats, once they have all finished.
        var best = _best.Best;
        _log.Info(
            "Progress {Finished}/{Trials} trials, best val_acc {BestValidationAccuracy} (configuration {BestConfiguration}), ETA {Eta}",
            _results.Count, _total, best?.ValidationAccuracy.Format() ?? "—", best?.Configuration, eta.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
    }

    private void Finish()
    {
        var sweep = _files.Rank(_results.Values.ToList());
        if (!_run.ReplayNetworks || sweep.NetworkTrials.Count == 0)
        {
            Complete(sweep, [], null);
            return;
        }

        // Every trial is in: release the workers (a cluster's nodes leave) while this node replays.
        ReleaseWorkers();
        _replaying = sweep;
        _replay = new CancellationTokenSource();
        var (self, data, plan, token, clock) = (Self, _run.Data, _run.Plan, _replay.Token, Stopwatch.StartNew());
        _log.Info(
            "Replaying trial {Trials} from the plan for {ModelFile}{Regions}",
            string.Join(" and ", sweep.NetworkTrials.Select(t => t.TrialId)),
            ModelFile.BestModelFileName,
            sweep.NetworkTrials.Count > 1 ? " and the decision regions" : string.Empty);

        // One long-running task per trial, side by side (AKKA.md §2: CPU-bound work stays off Akka's dispatchers).
        var replays = sweep.NetworkTrials
            .Select(spec => Task.Factory.StartNew(() => TrialReplay.Run(data, plan, spec, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        Task.WhenAll(replays).PipeTo(
            self,
            success: replayed => new NetworksReplayed(sweep, replayed, clock.Elapsed, null),
            failure: error => new NetworksReplayed(sweep, [], clock.Elapsed, error.GetBaseException().Message));
    }

    private void Handle(NetworksReplayed replayed)
    {
        if (_finalWritten || _error is not null || !ReferenceEquals(replayed.Sweep, _replaying))
        {
            return; // the report was written without them (interrupted), or the sweep failed meanwhile
        }

        var networks = new List<TrialNetwork>();
        var problems = new List<string>();
        if (replayed.Error is { } error)
        {
            problems.Add($"the replay failed: {error}");
        }

        foreach (var trial in replayed.Trials)
        {
            // A network is the trial's only if the replay reproduces the journal's metrics (same build, same machine).
            var id = trial.Result.TrialId;
            var differences = ReplayComparison.Differences(_results[id], LearningCurve.Empty, trial.Result, LearningCurve.Empty);
            if (differences.Count > 0)
            {
                problems.Add($"trial {id} replayed differently from the journal ({string.Join("; ", differences)})");
            }
            else if (trial.Model is { } model)
            {
                networks.Add(new TrialNetwork(id, model));
            }
            else
            {
                problems.Add($"trial {id} did not complete when replayed ({trial.Result.Status})");
            }
        }

        if (problems.Count > 0)
        {
            _log.Warning("Replay: {Problems}; the report leaves those networks out", string.Join("; ", problems));
        }

        _log.Info("Replayed {Count} trial(s) in {ElapsedMs} ms", replayed.Trials.Count, (long)replayed.Elapsed.TotalMilliseconds);
        Complete(replayed.Sweep, networks, problems.Count > 0 ? string.Join("; ", problems) : null);
    }

    /// <summary>Writes the final report and completes the sweep.</summary>
    private void Complete(RankedSweep sweep, IReadOnlyList<TrialNetwork> networks, string? networksNote)
    {
        if (!WriteReport(complete: true, sweep, networks, networksNote))
        {
            return;
        }

        _finalWritten = true;
        _replaying = null;
        var outcome = Outcome(complete: true);
        if (_run.Plan.Options.Scheduler.Enabled)
        {
            // What pruning saved, and what the barriers cost: epochs trained against the full budget, idle worker time.
            var epochs = _results.Values.Sum(r => (long)r.EpochsRun);
            var budget = (long)_total * _run.Plan.Options.Training.Epochs;
            _sweepCompleted.Info(
                "Sweep {SweepName} completed: {Finished}/{Trials} trials ({Completed} completed, {Pruned} pruned, {Diverged} diverged, {Failed} failed, {TimedOut} timed out) in {ElapsedMs} ms; {EpochsTrained:N0} of {EpochsBudget:N0} epochs trained ({EpochsShare:P1}); workers idle {IdleShare} of their time, waiting at rung barriers; report {Report}{NewLine}{Top}",
                new object?[]
                {
                    _run.Plan.Options.Name, outcome.Finished, _total, outcome.Completed, outcome.Pruned, outcome.Diverged, outcome.Failed, outcome.TimedOut, _clock.ElapsedMilliseconds,
                    epochs, budget, budget > 0 ? (double)epochs / budget : double.NaN,
                    _workerTime?.IdleShare is { } share && double.IsFinite(share) ? share.ToString("P1", CultureInfo.InvariantCulture) : "(not measured: no worker trained this run)",
                    Path.Combine(_run.OutputDirectory, HtmlReport.FileName), Environment.NewLine, TopTable(sweep, 10),
                });
        }
        else
        {
            _sweepCompleted.Info(
                "Sweep {SweepName} completed: {Finished}/{Trials} trials ({Completed} completed, {Diverged} diverged, {Failed} failed, {TimedOut} timed out) in {ElapsedMs} ms; report {Report}{NewLine}{Top}",
                new object?[] { _run.Plan.Options.Name, outcome.Finished, _total, outcome.Completed, outcome.Diverged, outcome.Failed, outcome.TimedOut, _clock.ElapsedMilliseconds, Path.Combine(_run.OutputDirectory, HtmlReport.FileName), Environment.NewLine, TopTable(sweep, 10) });
        }

        ReleaseWorkers();
        _completion.TryComplete(outcome);
    }

    private void ReleaseWorkers()
    {
        if (!_workersReleased)
        {
            _workersReleased = true;
            _coordinator.Tell(new SweepFinished(_total));
        }
    }

    private static string TopTable(RankedSweep sweep, int rows)
    {
        // One row per configuration, the same ranking as the report files. With repeats, each validation mean carries its
        // Student-t 95 % interval and the test against the best (as report.md's ranking); with one repeat, the value alone.
        var ranking = sweep.Ranking;
        var statistics = sweep.Statistics;
        var settings = ranking.SettingColumns;
        var metrics = ResultFields.Summarised(ResultSummary.Console);
        List<string[]> table = [[
            "rank",
            .. settings.Select(name => TrainingSettings.Section[name].Column),
            .. metrics.SelectMany(field => statistics.Tested && HasInterval(field) ? [field.ColumnName, "95 % CI"] : new[] { field.ColumnName }),
            .. statistics.Tested ? ["tied"] : Array.Empty<string>(),
            "status"]];
        for (var i = 0; i < Math.Min(rows, ranking.Configurations.Count); i++)
        {
            var config = ranking.Configurations[i];
            var figures = statistics.Configurations[i];
            table.Add([
                config.Rank.ToString(CultureInfo.InvariantCulture),
                .. settings.Select(s => TrainingSettings.Section[s].Format(config.Training)),
                .. metrics.SelectMany(field => !statistics.Tested ? [config.Summary(field).Format()]
                    : HasInterval(field) ? Interval(ReferenceEquals(field, ResultFields.ValidationAccuracy) ? figures.ValidationAccuracy : figures.ValidationLoss)
                    : new[] { Fixed(config.Summary(field).Mean) }),
                .. statistics.Tested ? [figures.TieText("—")] : Array.Empty<string>(),
                string.Join("/", config.Trials.Select(t => t.Result.Status).Distinct())]);
        }

        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        var text = string.Join(Environment.NewLine, table.Select(r => string.Join("  ", r.Select((cell, c) => cell.PadLeft(widths[c])))));
        if (statistics.Tested)
        {
            text += Invariant($"{Environment.NewLine}(means over the repeats; 95 % CI: Student-t interval of the mean; tied: Holm-adjusted p ≥ {ConfigurationComparison.TieLevel} against the best, {ComparisonTests.Name(statistics.Test)}: the difference could be chance)");
        }

        var more = ranking.Configurations.Count - rows;
        return more > 0
            ? $"{text}{Environment.NewLine}(the top {rows} of {ranking.Configurations.Count} configurations; all of them are in {ResultsCsvWriter.FileName})"
            : text;

        // The two metrics the statistics measure: their mean, then their interval.
        static bool HasInterval(ResultField field) => ReferenceEquals(field, ResultFields.ValidationAccuracy) || ReferenceEquals(field, ResultFields.ValidationLoss);

        static string[] Interval(MetricStatistics metric) =>
            [Fixed(metric.Mean), metric is { CiLow: { } low, CiHigh: { } high } ? $"{Fixed(low)}–{Fixed(high)}" : "—"];

        static string Fixed(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "—";
    }

    /// <summary>Writes the report files; false (and the sweep ends with the error) when they cannot be written.</summary>
    private bool WriteReport(bool complete, RankedSweep sweep, IReadOnlyList<TrialNetwork> networks, string? networksNote)
    {
        // Caught rather than thrown: the sweep ends with the error in one line, and the journal already holds the results.
        try
        {
            _files.WriteReport(sweep, complete, _alreadyDone, networks, networksNote, _decisions, _workerTime);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            FailSweep(error, error.Message);
        }

        return false;
    }

    /// <summary>Ends the sweep on an output-folder error: no new trials, and the host exits 1 with <paramref name="message"/>.</summary>
    private void FailSweep(Exception error, string message)
    {
        _error = message;
        _log.Debug("{Error}; stopping the sweep: {Exception}", _error, error); // the stack trace for the log file; the console gets one line
        _coordinator.Tell(new StopSweep("the sweep's files cannot be written"));
        _completion.TryComplete(Outcome(complete: false) with { Error = _error });
    }

    private SweepOutcome Outcome(bool complete) => SweepOutcome.Of(_results.Values, _total, complete, _cancelled);

    /// <summary>Why a partial report has no decision regions and no best-model.json.</summary>
    private const string PartialNote =
        "they come with the complete report: the best configuration's first repeat is then trained again from the plan";

    /// <summary>To self when the replays of <see cref="RankedSweep.NetworkTrials"/> have ended (or failed: <paramref name="Error"/>).</summary>
    private sealed record NetworksReplayed(RankedSweep Sweep, IReadOnlyList<ReplayedTrial> Trials, TimeSpan Elapsed, string? Error) : INoSerializationVerificationNeeded;

    /// <summary>To self after a result is journaled: force the journal to disk and count what was written since the last one.</summary>
    private sealed record CommitJournal : INoSerializationVerificationNeeded
    {
        public static CommitJournal Instance { get; } = new();
    }
}
