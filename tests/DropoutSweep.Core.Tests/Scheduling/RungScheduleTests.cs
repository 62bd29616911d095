using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;
using Xunit;

namespace DropoutSweep.Core.Tests.Scheduling;

/// <summary>
/// The rung schedule driven by made-up results whose outcome is worked out by hand: which configurations each barrier
/// promotes, what is pruned and where, what each piece of work continues from, that the order results arrive in changes
/// nothing, and that a resumed schedule only hands out what was not reached.
/// </summary>
public sealed class RungScheduleTests
{
    // Validation accuracy of configurations 1..9 at every rung (configuration 8 jumps to 0.99 at rung 2).
    private static readonly double[] Accuracy = [0.50, 0.90, 0.70, 0.80, 0.60, 0.95, 0.55, 0.85, 0.65];

    [Fact]
    public void Successive_halving_promotes_the_best_third_at_each_barrier_and_prunes_the_rest_at_their_rung()
    {
        // 9 configurations, η 3, rungs at 10, 30 and 90 epochs. Rung 1 ranks 6 (0.95), 2 (0.90), 8 (0.85), 4, 3, 9, 5,
        // 7, 1 and promotes ⌈9/3⌉ = 3: 6, 2, 8. Rung 2 ranks 8 (0.99), 6, 2 and promotes ⌈3/3⌉ = 1: 8, which trains to 90.
        var plan = Plan(configurations: 9, repeats: 1);
        var run = ScheduleSimulation.Simulate(TrialSchedule.Of(plan, [], [], []), AccuracyOf, ScheduleSimulation.Order.AsHandedOut);

        Assert.Equal(["Rung 1 of 3: 9 configurations at 10 epochs, 3 promoted", "Rung 2 of 3: 3 configurations at 30 epochs, 1 promoted"], run.Decisions.Select(d => d.ToString()));
        Assert.Equal([6, 2, 8, 4, 3, 9, 5, 7, 1], run.Decisions[0].Standings.Select(s => s.Configuration));
        Assert.Equal([8, 6, 2], run.Decisions[1].Standings.Select(s => s.Configuration));
        Assert.Equal([1, 3, 4, 5, 7, 9], ScheduleSimulation.Configurations(run, TrialStatus.Pruned, rung: 1));
        Assert.Equal([2, 6], ScheduleSimulation.Configurations(run, TrialStatus.Pruned, rung: 2));
        Assert.Equal([8], ScheduleSimulation.Configurations(run, TrialStatus.Completed, rung: 3));
        Assert.All(run.Finals.Where(r => r.Status == TrialStatus.Pruned), r => Assert.Equal(r.Rung == 1 ? 10 : 30, r.EpochsRun));
        Assert.Equal(0.90, run.Finals.Single(r => r.Configuration == 2).ValidationAccuracy);

        // 9×10 + 3×(30−10) + 1×(90−30) epochs, each piece continuing from the checkpoint of the rung before.
        Assert.Equal(210, run.Work.Sum(w => w.Epochs));
        Assert.All(run.Work, w => Assert.Equal(w.Rung == 1 ? null : w.Rung - 1, w.From?.Rung));
    }

    [Fact]
    public void Repeats_are_averaged_and_ties_go_to_the_lower_configuration_number()
    {
        // Repeat 1 scores 0.6 everywhere; repeat 2 scores 0.8 for configurations 4 and 7 and 0.4 elsewhere: means 0.7
        // for 4 and 7, 0.5 for the rest. ⌈9/3⌉ = 3 promoted: 4, 7 (the best), then 1 (the lowest of the tied 0.5s).
        var plan = Plan(configurations: 9, repeats: 2);
        var run = ScheduleSimulation.Simulate(
            TrialSchedule.Of(plan, [], [], []),
            w => w.Spec.Repeat == 1 ? 0.6 : w.Spec.Configuration is 4 or 7 ? 0.8 : 0.4,
            ScheduleSimulation.Order.AsHandedOut);

        var first = run.Decisions[0];
        Assert.Equal([4, 7, 1], first.Standings.Where(s => s.Promoted).Select(s => s.Configuration));
        Assert.Equal((0.6 + 0.8) / 2, first.Standings[0].Metric);
        Assert.Equal(12, run.Finals.Count(r => r.Status == TrialStatus.Pruned && r.Rung == 1));
    }

    [Theory]
    [InlineData(ScheduleSimulation.Order.Reversed)]
    [InlineData(ScheduleSimulation.Order.Shuffled)]
    public void The_order_results_arrive_in_changes_no_decision_and_no_result(ScheduleSimulation.Order order)
    {
        // As a second worker, or a cluster, would deliver them.
        var plan = Plan(configurations: 9, repeats: 2);
        double Accuracy(TrialWork w) => AccuracyOf(w) + (w.Spec.Repeat * 0.001);
        var reference = ScheduleSimulation.Simulate(TrialSchedule.Of(plan, [], [], []), Accuracy, ScheduleSimulation.Order.AsHandedOut);
        var other = ScheduleSimulation.Simulate(TrialSchedule.Of(plan, [], [], []), Accuracy, order);

        Assert.Equal(reference.Decisions.SelectMany(d => d.Standings), other.Decisions.SelectMany(d => d.Standings));
        Assert.Equal(reference.Decisions.Select(d => d.ToString()), other.Decisions.Select(d => d.ToString()));
        Assert.Equal(reference.Finals.OrderBy(r => r.TrialId), other.Finals.OrderBy(r => r.TrialId));
    }

    [Fact]
    public void A_configuration_sure_of_promotion_starts_its_next_rung_before_the_barrier()
    {
        // Results arrive best first. After 7 of 9 (6, 2, 8, 4, 3, 9, 5), configuration 6 has nobody above it and only
        // 2 configurations that could still pass it (7 and 1, whose accuracy could be 1): 0 + 2 < 3, so it is sure.
        // Configuration 2 has 6 above it and the same 2: 3, not sure. After the 8th (7), 2 has 1 + 1 < 3: sure.
        var plan = Plan(configurations: 9, repeats: 1);
        var schedule = TrialSchedule.Of(plan, [], [], []);
        var rungOne = ScheduleSimulation.Drain(schedule).ToDictionary(w => w.Spec.Configuration);
        var early = new List<(int After, int Configuration)>();
        var delivered = 0;
        foreach (var configuration in new[] { 6, 2, 8, 4, 3, 9, 5, 7, 1 })
        {
            schedule.Reached(ScheduleSimulation.Checkpoint(rungOne[configuration], AccuracyOf(rungOne[configuration])));
            delivered++;
            early.AddRange(ScheduleSimulation.Drain(schedule).Select(w => (delivered, w.Spec.Configuration)));
        }

        Assert.Equal([(7, 6), (8, 2), (9, 8)], early);
    }

    [Fact]
    public void A_resumed_schedule_replays_its_decisions_and_hands_out_only_what_was_not_reached()
    {
        // An earlier run finished rung 1 and configuration 6's rung 2, then stopped before journaling the pruned trials.
        var plan = Plan(configurations: 9, repeats: 1);
        var first = TrialSchedule.Of(plan, [], [], []);
        var arrivals = new List<TrialResult>();
        var checkpoints = new Dictionary<int, TrialCheckpoint>();
        foreach (var work in ScheduleSimulation.Drain(first))
        {
            var checkpoint = ScheduleSimulation.Checkpoint(work, AccuracyOf(work));
            arrivals.Add(checkpoint.Result);
            checkpoints[work.Spec.TrialId] = checkpoint;
            first.Reached(checkpoint);
        }

        var six = ScheduleSimulation.Drain(first).Single(w => w.Spec.Configuration == 6);
        var atRungTwo = ScheduleSimulation.Checkpoint(six, AccuracyOf(six));
        arrivals.Add(atRungTwo.Result);
        checkpoints[six.Spec.TrialId] = atRungTwo;

        var resumed = TrialSchedule.Of(plan, [], arrivals, [.. checkpoints.Values]);

        var replayed = Assert.Single(resumed.Started.Decisions);
        Assert.True(replayed.Replayed);
        Assert.Equal([1, 3, 4, 5, 7, 9], resumed.Started.Pruned.Select(p => p.Result.Configuration).Order());
        var left = ScheduleSimulation.Drain(resumed);
        Assert.Equal([2, 8], left.Select(w => w.Spec.Configuration).Order());
        Assert.All(left, w => Assert.Equal((1, 10), (w.From!.Rung, w.From.Result.EpochsRun)));

        // Journaled by then, the pruned trials are not pruned again.
        Assert.Empty(TrialSchedule.Of(plan, [.. resumed.Started.Pruned.Select(p => p.Result)], arrivals, [.. checkpoints.Values]).Started.Pruned);
    }

    [Fact]
    public void Hyperband_shares_configurations_in_the_proportions_of_Li_et_al()
    {
        // Li et al. (2018), Table 1, R = 81, η = 3: brackets of 81, 34, 15, 8 and 5 configurations (143 in all). 81 of
        // ours shared in those proportions: 45.88, 19.26, 8.50, 4.53, 2.83 → floors 45, 19, 8, 4, 2 and the 3 left to
        // the largest remainders (.88, .83, .53).
        Assert.Equal([46, 19, 8, 5, 3], RungPlan.Shares(81, rungs: 5, brackets: 5, reductionFactor: 3));
        Assert.Equal([81, 34, 15, 8, 5], RungPlan.Shares(143, rungs: 5, brackets: 5, reductionFactor: 3));
    }

    [Fact]
    public void Hyperband_brackets_start_at_successive_rungs_and_the_last_trains_straight_to_the_end()
    {
        var plan = Plan(configurations: 20, repeats: 1, SchedulerKind.Hyperband);
        var rungs = RungPlan.Of(plan)!;
        var run = ScheduleSimulation.Simulate(TrialSchedule.Of(plan, [], [], []), w => 0.5 + (w.Spec.Configuration * 0.01), ScheduleSimulation.Order.AsHandedOut);

        // 3 rungs (10, 30, 90): n_s = ⌈3/(s+1)·3^s⌉ = 9, 5, 3 → 20·9/17 = 10.6, 5.9, 3.5 → 10, 5, 3 and 2 left → 11, 6, 3.
        Assert.Equal([11, 6, 3], rungs.Brackets.Select(b => b.Configurations.Count));
        Assert.Equal([1, 2, 3], rungs.Brackets.Select(b => b.FirstRung));
        Assert.Equal(Enumerable.Range(1, 20), rungs.Brackets.SelectMany(b => b.Configurations).Order());
        Assert.Equal(
            ["Bracket 1 of 3, rung 1 of 3: 11 configurations at 10 epochs, 4 promoted", "Bracket 1 of 3, rung 2 of 3: 4 configurations at 30 epochs, 2 promoted", "Bracket 2 of 3, rung 2 of 3: 6 configurations at 30 epochs, 2 promoted"],
            run.Decisions.Select(d => d.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(2 + 2 + 3, run.Finals.Count(r => r.Status == TrialStatus.Completed));
        Assert.All(run.Work.Where(w => rungs.BracketOf(w.Spec.Configuration).Number == 3), w => Assert.Equal((3, 90, (TrialCheckpoint?)null), (w.Rung!.Value, w.StopAfterEpoch!.Value, w.From)));
    }

    internal static double AccuracyOf(TrialWork work) =>
        work.Spec.Configuration == 8 && work.Rung >= 2 ? 0.99 : Accuracy[work.Spec.Configuration - 1];

    internal static SweepPlan Plan(int configurations, int repeats, SchedulerKind kind = SchedulerKind.SuccessiveHalving) =>
        PlanBuilder.Build(new SweepOptions
        {
            Repeats = repeats,
            Dataset = new DatasetOptions { ValidationFraction = 0.5 },
            Training = new TrainingOptions { Hidden = [8], Epochs = 90, EvaluateEvery = 10 },
            Space = [new SweptParameter("L2", new ParameterRange { Values = [.. Enumerable.Range(0, configurations).Select(i => i * 1e-4)] })],
            Scheduler = new SchedulerOptions { Kind = kind, MinEpochs = 10, ReductionFactor = 3, Metric = ValidationMetric.ValAccuracy },
        });

}
