using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;
using Xunit;

namespace DropoutSweep.Engine.Tests;

/// <summary>
/// Successive halving through the real wiring (hosted actors, serialize-messages on, files on disk): the same decisions
/// and metrics at any parallelism, trials trained through rungs bit-identical to training them straight through, and a
/// stopped sweep resumed with nothing retrained but the unfinished work of its rung.
/// </summary>
public sealed class SchedulerSpecs
{
    /// <summary>
    /// 9 configurations (dropout 0, 0.1, 0.2 × learning rate 0.02, 0.05, 0.1) × 2 repeats on the blobs, mini-batches of
    /// 20 with decay (so the RNG's position and the step must survive each pause), rungs at 3, 9 and 27 epochs (η 3),
    /// ranked by validation loss.
    /// </summary>
    internal static SweepPlan Plan(IReadOnlyList<int>? hidden = null, DatasetOptions? dataset = null, SchedulerKind kind = SchedulerKind.SuccessiveHalving) => PlanBuilder.Build(new SweepOptions
    {
        Name = "halving-spec",
        Seed = 42,
        Repeats = 2,
        Dataset = dataset ?? new DatasetOptions { ValidationFraction = 0.5 }, // local specs train on TestSweeps.Blobs()
        Training = new TrainingOptions { Hidden = hidden ?? [8], Epochs = 27, EvaluateEvery = 1, BatchSize = 20, LearningRate = 0.05, Decay = 1e-2, L2 = 0 },
        Space =
        [
            new SweptParameter("DropoutRate", new ParameterRange { Values = [0, 0.1, 0.2] }),
            new SweptParameter("LearningRate", new ParameterRange { Values = [0.02, 0.05, 0.1] }),
        ],
        // Ranked by loss: the blobs are easy, and accuracies of 1 would tie (and be decided by configuration number).
        Scheduler = new SchedulerOptions { Kind = kind, MinEpochs = 3, ReductionFactor = 3, Metric = ValidationMetric.ValLoss },
    });

    [Fact]
    public async Task Parallelism_1_and_2_take_the_same_decisions_and_give_the_same_results_as_training_straight_through()
    {
        var plan = Plan();
        var one = TestSweeps.Run(plan, parallelism: 1);
        var two = TestSweeps.Run(plan, parallelism: 2);

        var outcome = await LocalSweep.RunAsync(one);
        await LocalSweep.RunAsync(two);

        // 18 trials: rung 1 keeps ⌈9/3⌉ = 3 configurations (12 trials pruned there), rung 2 keeps 1 (4 pruned), whose
        // 2 trials complete at 27 epochs.
        Assert.True(outcome.Complete);
        Assert.Equal((18, 2, 16), (outcome.Finished, outcome.Completed, outcome.Pruned));
        var serial = Comparable(TrialJournal.Read(one.OutputDirectory).Results);
        Assert.Equal(serial, Comparable(TrialJournal.Read(two.OutputDirectory).Results));
        Assert.Equal(Comparable(RungJournal.Read(one.OutputDirectory)), Comparable(RungJournal.Read(two.OutputDirectory)));
        Assert.Equal([12, 4], [.. Enumerable.Range(1, 2).Select(rung => serial.Count(r => r.Status == TrialStatus.Pruned && r.Rung == rung))]);
        Assert.All(serial.Where(r => r.Status == TrialStatus.Pruned), r => Assert.Equal(r.Rung == 1 ? 3 : 9, r.EpochsRun));
        Assert.Empty(CheckpointFolder.Files(one.OutputDirectory)); // every trial is final: no checkpoint is left

        // Paused twice, carried between actors through the serializer, and continued: the same numbers and the same
        // learning curve as one call to the trainer (the independent reference), for the winners and a trial pruned at rung 2.
        var data = TestSweeps.Blobs();
        var curves = TrialJournal.ReadCurves(one.OutputDirectory).ToDictionary(c => c.TrialId, c => c.Curve);
        foreach (var result in serial.Where(r => r.Status == TrialStatus.Completed || r.Rung == 2))
        {
            var spec = plan.Trials[result.TrialId - 1];
            var straight = Trainer.Train(data, spec.Training, spec.Seed, new TrainingSegment(result.EpochsRun));
            Assert.Equal(
                (straight.ValidationAccuracy, straight.ValidationLoss, straight.TrainAccuracy, straight.TrainLoss, straight.BestValidationAccuracy, straight.BestEpoch),
                (result.ValidationAccuracy, result.ValidationLoss, result.TrainAccuracy, result.TrainLoss, result.BestValidationAccuracy, result.BestEpoch));
            Assert.Equal(straight.Curve, curves[result.TrialId]);
            Assert.Equal(result.EpochsRun, curves[result.TrialId].Count); // EvaluateEvery 1
        }
    }

    [Fact]
    public async Task Hyperband_runs_its_brackets_side_by_side_with_the_same_results_at_parallelism_1_and_2()
    {
        // 3 rungs, so 3 brackets sharing the 9 configurations as 9 : 5 : 3 (Li et al.'s n_s): 5, 3 and 1. Bracket 1
        // trains 5 to 3 epochs, keeps 2 to 9 and 1 to 27; bracket 2 trains 3 to 9 and keeps 1; bracket 3 trains its 1
        // straight to 27. Three configurations (6 trials) complete; 3 barriers decide.
        var plan = Plan(kind: SchedulerKind.Hyperband);
        var one = TestSweeps.Run(plan, parallelism: 1);
        var two = TestSweeps.Run(plan, parallelism: 2);

        var outcome = await LocalSweep.RunAsync(one);
        await LocalSweep.RunAsync(two);

        Assert.Equal([5, 3, 1], RungPlan.Of(plan)!.Brackets.Select(b => b.Configurations.Count));
        Assert.Equal((18, 6, 12), (outcome.Finished, outcome.Completed, outcome.Pruned));
        Assert.Equal(Comparable(TrialJournal.Read(one.OutputDirectory).Results), Comparable(TrialJournal.Read(two.OutputDirectory).Results));
        var bracketThree = RungPlan.Of(plan)!.Brackets[2].Configurations.Single();
        Assert.All(TrialJournal.Read(one.OutputDirectory).Results.Where(r => r.Configuration == bracketThree), r => Assert.Equal((TrialStatus.Completed, 3, 27), (r.Status, r.Rung!.Value, r.EpochsRun)));
    }

    [Fact]
    public async Task A_sweep_stopped_mid_rung_resumes_training_only_the_unfinished_work_of_that_rung()
    {
        var plan = Plan();
        var reference = TestSweeps.Run(plan, parallelism: 2);
        await LocalSweep.RunAsync(reference);

        // Rung 2 has 3 configurations × 2 repeats = 6 pieces (3 → 9 epochs): 2 finish, the next 2 are running when the
        // sweep stops, 2 have not started.
        var first = TestSweeps.Run(plan, parallelism: 2);
        var stopped = new SegmentRecordingRunner(rung2Epochs: 9, holdRung2After: 2);
        var partial = await LocalSweep.RunAsync(first, stopped, meanwhile: async _ =>
        {
            await stopped.Held.WaitAsync(TimeSpan.FromSeconds(60));
            await RungResultsRecorded(first, count: 18 + 2);
        });
        Assert.False(partial.Complete);
        Assert.Equal(2, RungJournal.Read(first.OutputDirectory).Count(r => r.Rung == 2));

        var resumed = new SegmentRecordingRunner();
        var outcome = await LocalSweep.RunAsync(Resumed(first), resumed);

        Assert.True(outcome.Complete);
        // Nothing of rung 1 again; the 4 unfinished pieces of rung 2, each from its rung-1 checkpoint; then rung 3.
        Assert.Equal(
            [(9, 3, 4), (27, 9, 2)],
            resumed.Segments.GroupBy(s => (s.StopAfterEpoch, s.FromEpoch)).Select(g => (g.Key.StopAfterEpoch!.Value, g.Key.FromEpoch!.Value, g.Count())).Order());
        Assert.Equal(Comparable(TrialJournal.Read(reference.OutputDirectory).Results), Comparable(TrialJournal.Read(first.OutputDirectory).Results));
    }

    /// <summary>Completes when <paramref name="count"/> results at rungs are on disk (the aggregator is behind the workers).</summary>
    internal static async Task RungResultsRecorded(SweepRun run, int count)
    {
        var ceiling = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (RungJournal.Read(run.OutputDirectory).Count < count)
        {
            if (DateTime.UtcNow > ceiling)
            {
                throw new TimeoutException($"fewer than {count} results at rungs recorded within 60 s");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A run into the same folder that reads back what the earlier one left, as the executable's resume does.</summary>
    internal static SweepRun Resumed(SweepRun earlier) => earlier with
    {
        AlreadyDone = TrialJournal.Read(earlier.OutputDirectory).Results,
        RungResults = RungJournal.Read(earlier.OutputDirectory),
        Checkpoints = CheckpointFolder.Read(earlier.OutputDirectory).Checkpoints,
    };

    /// <summary>The results by trial (and rung), without what depends on the machine: wall time, node, attempts.</summary>
    internal static IReadOnlyList<TrialResult> Comparable(IEnumerable<TrialResult> results) =>
        [.. results.Select(r => r with { Seconds = 0, Node = "", Attempts = 1 }).OrderBy(r => r.TrialId).ThenBy(r => r.Rung)];
}
