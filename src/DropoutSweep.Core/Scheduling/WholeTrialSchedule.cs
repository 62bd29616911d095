using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Scheduling;

/// <summary>No scheduler: every unfinished trial is one piece of work, whole, in plan order.</summary>
internal sealed class WholeTrialSchedule : TrialSchedule
{
    private readonly Queue<TrialWork> _ready = new();
    private readonly HashSet<int> _unfinished;

    public WholeTrialSchedule(SweepPlan plan, IReadOnlyList<TrialResult> finished)
    {
        var done = finished.Select(r => r.TrialId).ToHashSet();
        _unfinished = plan.Trials.Where(t => !done.Contains(t.TrialId)).Select(t => t.TrialId).ToHashSet();
        foreach (var spec in plan.Trials.Where(t => _unfinished.Contains(t.TrialId)))
        {
            _ready.Enqueue(new TrialWork(spec));
        }
    }

    public override bool IsComplete => _unfinished.Count == 0;

    public override int Ready => _ready.Count;

    public override TrialWork? Next() => _ready.TryDequeue(out var work) ? work : null;

    public override ScheduleEvents Reached(TrialCheckpoint checkpoint) =>
        throw new InvalidOperationException($"Trial {checkpoint.TrialId} paused at a rung, but the sweep has no scheduler.");

    public override ScheduleEvents Finished(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _unfinished.Remove(result.TrialId);
        return ScheduleEvents.None;
    }
}
