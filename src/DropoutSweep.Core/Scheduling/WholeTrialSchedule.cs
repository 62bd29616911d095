using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Scheduling;

/// <summary>No scheduler: every unfinished trial is one piece of work, whole, in plan order.</summary>
internal sealed class WholeTrialSchedule : TrialSchedule
{
    private readonly Queue<TrialWork> _ready = new();
    private readonly HashSet<int> _unfinished;

    public WholeTrialSchedule(IEnumerable<TrialSpec> remaining)
    {
        _unfinished = new HashSet<int>();
        foreach (var spec in remaining)
        {
            if (_unfinished.Add(spec.TrialId))
            {
                _ready.Enqueue(new TrialWork(spec));
            }
        }
    }

    public override bool MoreWorkMayCome => false;

    public override bool HasBarriers => false;

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
