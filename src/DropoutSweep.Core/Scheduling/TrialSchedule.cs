using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// Which work the coordinator hands out next, and what each result leads to. Decides from results only, never from
/// timing: the same results give the same work and the same decisions at any parallelism. <see cref="Of"/> picks the
/// schedule of a plan: every trial whole (no scheduler), or synchronous rungs (<see cref="RungSchedule"/>).
/// </summary>
public abstract class TrialSchedule
{
    /// <summary>Decisions and pruned trials that resuming from earlier results set off (before any new result).</summary>
    public ScheduleEvents Started { get; protected set; } = ScheduleEvents.None;

    /// <summary>True for a scheduler's rungs, whose barriers keep workers waiting (and whose waiting is measured).</summary>
    public abstract bool HasBarriers { get; }

    /// <summary>True when every trial has its final result.</summary>
    public abstract bool IsComplete { get; }

    /// <summary>
    /// True when work not ready now will be later, set off by results still to come (the next rung after a barrier): an
    /// idle worker then waits for it instead of polling. False when all the work there will be is handed out from the start.
    /// </summary>
    public abstract bool MoreWorkMayCome { get; }

    /// <summary>Work ready to hand out now.</summary>
    public abstract int Ready { get; }

    /// <summary>The next work to hand out (removed from the ready work), or null when none is ready.</summary>
    public abstract TrialWork? Next();

    /// <summary>A trial reached the budget of a rung before the last and paused there.</summary>
    public abstract ScheduleEvents Reached(TrialCheckpoint checkpoint);

    /// <summary>A trial ended for good: Completed (the last rung, or stopped early), Diverged, Failed or TimedOut.</summary>
    public abstract ScheduleEvents Finished(TrialResult result);

    /// <summary>
    /// The schedule of <paramref name="plan"/>, resumed from what an earlier run left: final results (the journal),
    /// results at rungs (<paramref name="arrivals"/>) and the live trials' checkpoints.
    /// </summary>
    public static TrialSchedule Of(SweepPlan plan, IReadOnlyList<TrialResult> finished, IReadOnlyList<TrialResult> arrivals, IReadOnlyList<TrialCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(finished);
        if (RungPlan.Of(plan) is { } rungs)
        {
            return new RungSchedule(plan, rungs, finished, arrivals, checkpoints);
        }

        var done = finished.Select(r => r.TrialId).ToHashSet();
        return Whole(plan.Trials.Where(t => !done.Contains(t.TrialId)));
    }

    /// <summary>Every trial of <paramref name="remaining"/> trained whole, in the order given (no scheduler).</summary>
    public static TrialSchedule Whole(IEnumerable<TrialSpec> remaining) => new WholeTrialSchedule(remaining);
}
