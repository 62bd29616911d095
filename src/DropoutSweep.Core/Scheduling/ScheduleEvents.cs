using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Scheduling;

/// <summary>What a result set off: barrier decisions, and the trials they pruned (final results to record).</summary>
public sealed record ScheduleEvents(IReadOnlyList<RungDecision> Decisions, IReadOnlyList<TrialResult> Pruned)
{
    public static ScheduleEvents None { get; } = new([], []);
}
