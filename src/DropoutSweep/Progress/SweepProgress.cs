using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;
using DropoutSweep.Engine;

namespace DropoutSweep.Progress;

/// <summary>
/// What a progress display knows of a running sweep, fed by the engine's events (<see cref="ProgressListener"/>): which
/// trial each worker trains, its last reported epoch and validation accuracy, and how many trials are finished. Safe to
/// feed from the actor system and read from a display's thread; time comes from <see cref="TimeProvider"/> (a test's clock).
/// </summary>
internal sealed class SweepProgress
{
    private readonly object _lock = new();
    private readonly TimeProvider _clock;
    private readonly long _started;
    private readonly string _sweepName;
    private readonly int _total;
    private readonly int _alreadyDone;
    private readonly SweepPlan _plan; // trials found by number (SweepPlan.Trial): no table of 100,000 entries
    private readonly IReadOnlyList<string> _swept;
    private readonly Dictionary<string, Entry> _byWorker = new(StringComparer.Ordinal);
    private int _finished;

    public SweepProgress(SweepRun run, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(run);
        _clock = clock;
        _started = clock.GetTimestamp();
        _sweepName = run.Plan.Options.Name;
        _total = run.Plan.Trials.Count;
        _alreadyDone = run.FinishedTrials().Count;
        _finished = _alreadyDone;
        _plan = run.Plan;
        _swept = run.Plan.SweptSettings;
    }

    /// <summary>A worker began a trial (a retried trial leaves the worker it ran on before).</summary>
    public void Started(TrialStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        if (_plan.Trial(started.TrialId) is not { } spec)
        {
            return;
        }

        lock (_lock)
        {
            RemoveTrial(started.TrialId);
            var worker = started.Node == NodeName.Local ? started.Worker : $"{started.Node}/{started.Worker}";
            _byWorker[worker] = new Entry(started.TrialId, worker, _clock.GetTimestamp(), 0, spec.Training.Epochs, null);
        }
    }

    /// <summary>A trial reported an epoch.</summary>
    public void Progressed(TrialProgressed progressed)
    {
        ArgumentNullException.ThrowIfNull(progressed);
        lock (_lock)
        {
            foreach (var (worker, entry) in _byWorker)
            {
                if (entry.TrialId == progressed.TrialId)
                {
                    var progress = progressed.Progress;
                    _byWorker[worker] = entry with
                    {
                        Epoch = progress.Epoch,
                        Epochs = progress.Epochs,
                        ValidationAccuracy = progress.ValidationAccuracy ?? entry.ValidationAccuracy,
                    };
                    return;
                }
            }
        }
    }

    /// <summary>A trial's result is journaled and counted.</summary>
    public void Recorded(TrialRecorded recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        lock (_lock)
        {
            _finished = recorded.Finished;
            RemoveTrial(recorded.TrialId);
        }
    }

    /// <summary>The sweep now: the remaining time is the time so far per unit of work done in this run (finished trials, and the fraction of their epochs the running ones have done) times the work left.</summary>
    public ProgressSnapshot Snapshot()
    {
        lock (_lock)
        {
            var now = _clock.GetTimestamp();
            var elapsed = _clock.GetElapsedTime(_started, now);
            var running = _byWorker.Values
                .OrderBy(e => e.Worker, StringComparer.Ordinal)
                .Select(e => new RunningTrial(e.TrialId, e.Worker, Settings(e.TrialId), e.Epoch, e.Epochs, e.ValidationAccuracy, _clock.GetElapsedTime(e.Started, now)))
                .ToList();
            var partial = running.Sum(t => t.Epochs > 0 ? Math.Min(1.0, t.Epoch / (double)t.Epochs) : 0);
            var done = _finished - _alreadyDone + partial;
            var left = _total - _finished - partial;
            TimeSpan? remaining = done > 0 ? TimeSpan.FromSeconds(Math.Max(0, elapsed.TotalSeconds / done * left)) : null;
            return new ProgressSnapshot(_sweepName, _total, _finished, elapsed, remaining, running);
        }
    }

    private IReadOnlyList<(string Column, string Value)> Settings(int trialId)
    {
        var training = _plan.Trial(trialId)!.Training;
        return [.. _swept.Select(name => TrainingSettings.Section[name]).Select(s => (s.Column, s.Format(training)))];
    }

    private void RemoveTrial(int trialId)
    {
        foreach (var (worker, entry) in _byWorker)
        {
            if (entry.TrialId == trialId)
            {
                _byWorker.Remove(worker);
                return;
            }
        }
    }

    private sealed record Entry(int TrialId, string Worker, long Started, int Epoch, int Epochs, double? ValidationAccuracy);
}
