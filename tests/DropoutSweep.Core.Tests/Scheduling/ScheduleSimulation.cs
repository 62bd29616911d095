using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using Xunit;

namespace DropoutSweep.Core.Tests.Scheduling;

/// <summary>Drives a schedule with made-up results, without training: what each barrier does with them is worked out by hand in the tests.</summary>
public static class ScheduleSimulation
{
    public enum Order
    {
        AsHandedOut,
        Reversed,
        Shuffled,
    }

    public static int[] Configurations(Run run, TrialStatus status, int rung) =>
        [.. run.Finals.Where(r => r.Status == status && r.Rung == rung).Select(r => r.Configuration).Distinct().Order()];

    /// <summary>Takes every piece of work the schedule has ready.</summary>
    public static List<TrialWork> Drain(TrialSchedule schedule)
    {
        var work = new List<TrialWork>();
        while (schedule.Next() is { } next)
        {
            work.Add(next);
        }

        return work;
    }

    /// <summary>Trains nothing: completes every piece of work with the accuracy given, in the order given, until the schedule is complete.</summary>
    public static Run Simulate(TrialSchedule schedule, Func<TrialWork, double> accuracy, Order order)
    {
        var rng = new Rng(5);
        var run = new Run([], [], []);
        var pending = new List<TrialWork>();
        while (!schedule.IsComplete)
        {
            pending.AddRange(Drain(schedule));
            Assert.NotEmpty(pending); // otherwise the schedule waits on nothing
            var index = order switch { Order.AsHandedOut => 0, Order.Reversed => pending.Count - 1, _ => rng.NextInt(pending.Count) };
            var work = pending[index];
            pending.RemoveAt(index);
            run.Work.Add(work);
            var checkpoint = Checkpoint(work, accuracy(work));
            var events = work.StopAfterEpoch < work.Spec.Training.Epochs ? schedule.Reached(checkpoint) : Finish(schedule, run, checkpoint.Result);
            run.Decisions.AddRange(events.Decisions);
            run.Finals.AddRange(events.Pruned.Select(p => p.Result));
        }

        return run;
    }

    public static ScheduleEvents Finish(TrialSchedule schedule, Run run, TrialResult result)
    {
        run.Finals.Add(result);
        return schedule.Finished(result);
    }

    public static TrialCheckpoint Checkpoint(TrialWork work, double accuracy) => new(
        work.Spec.TrialId,
        work.Rung!.Value,
        new TrialResult
        {
            TrialId = work.Spec.TrialId,
            Configuration = work.Spec.Configuration,
            Repeat = work.Spec.Repeat,
            Seed = work.Spec.Seed,
            Status = TrialStatus.Completed,
            ValidationAccuracy = accuracy,
            ValidationLoss = 1 - accuracy,
            EpochsRun = work.StopAfterEpoch!.Value,
            Rung = work.Rung,
        },
        []);

    public sealed record Run(List<RungDecision> Decisions, List<TrialResult> Finals, List<TrialWork> Work);
}
