using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// What a result set off: barrier decisions, and the trials they pruned: each as its checkpoint at the rung, whose
/// <see cref="TrialCheckpoint.Result"/> is the final result to record (status Pruned) with its <see cref="TrialCheckpoint.Curve"/>.
/// </summary>
public sealed record ScheduleEvents(IReadOnlyList<RungDecision> Decisions, IReadOnlyList<TrialCheckpoint> Pruned)
{
    public static ScheduleEvents None { get; } = new([], []);
}
