using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class RankingTests
{
    [Fact]
    public void Configurations_rank_by_mean_validation_accuracy_over_repeats_and_share_their_rank()
    {
        var plan = Plan([0.0, 0.1, 0.2], repeats: 2);
        TrialResult[] results =
        [
            Completed(plan, 1, 0.70), Completed(plan, 2, 0.80), // config 0: mean 0.75
            Completed(plan, 3, 0.90), Completed(plan, 4, 0.50), // config 1: mean 0.70
            Completed(plan, 5, 0.76), Completed(plan, 6, 0.76), // config 2: mean 0.76
        ];

        var ranking = Ranking.Build(plan, results);

        Assert.Equal([3, 1, 2], ranking.Configurations.Select(c => c.Configuration));
        Assert.Equal([1, 2, 3], ranking.Configurations.Select(c => c.Rank));
        Assert.Equal([5, 6, 1, 2, 3, 4], ranking.Trials.Select(t => t.Spec.TrialId));
        Assert.Equal([1, 1, 2, 2, 3, 3], ranking.Trials.Select(t => t.Rank));
        Assert.Same(ranking.Configurations[0], ranking.Best);
    }

    [Fact]
    public void Test_set_figures_never_change_the_ranking()
    {
        // Tuning on the test set overstates accuracy (issue 13): configuration 2 is worse on validation and far better
        // on test, and still ranks below configuration 1; the same results without test figures rank identically.
        var plan = Plan([0.0, 0.1, 0.2]);
        TrialResult[] withoutTest = [Completed(plan, 1, 0.80, loss: 0.5), Completed(plan, 2, 0.70, loss: 0.6), Completed(plan, 3, 0.75, loss: 0.4)];
        double[] testAccuracy = [0.10, 0.99, 0.50];
        double[] testLoss = [9.0, 0.01, 1.0];
        var withTest = withoutTest.Select((r, i) => r with { TestAccuracy = testAccuracy[i], TestLoss = testLoss[i] }).ToArray();

        var ranking = Ranking.Build(plan, withTest);

        Assert.Equal([1, 3, 2], ranking.Configurations.Select(c => c.Configuration));
        Assert.Equal(Ranking.Build(plan, withoutTest).Configurations.Select(c => c.Configuration), ranking.Configurations.Select(c => c.Configuration));
        Assert.Equal(0.10, ranking.Best!.Summary(ResultFields.TestAccuracy).Mean);
    }

    [Fact]
    public void Mean_and_sample_standard_deviation_are_over_the_repeats()
    {
        var plan = Plan([0.1], repeats: 3);

        var ranking = Ranking.Build(plan, [Completed(plan, 1, 0.6), Completed(plan, 2, 0.7), Completed(plan, 3, 0.8)]);

        var accuracy = ranking.Configurations[0].ValidationAccuracy;
        Assert.Equal(0.7, accuracy.Mean, 1e-12);
        Assert.Equal(0.1, accuracy.StandardDeviation, 1e-12);
        Assert.Equal(3, accuracy.Count);
        Assert.Equal("0.7000 ± 0.1000", accuracy.Format());
    }

    [Fact]
    public void Equal_accuracy_is_decided_by_lower_loss_then_by_configuration_number()
    {
        var plan = Plan([0.0, 0.1, 0.2, 0.3]);

        var ranking = Ranking.Build(plan, [Completed(plan, 1, 0.8, loss: 0.4), Completed(plan, 2, 0.8, loss: 0.3), Completed(plan, 3, 0.8, loss: 0.4), Completed(plan, 4, 0.8, loss: 0.4)]);

        Assert.Equal([2, 1, 3, 4], ranking.Configurations.Select(c => c.Configuration));
    }

    [Fact]
    public void Diverged_failed_and_non_finite_configurations_rank_after_every_sound_one()
    {
        var plan = Plan([0.0, 0.1, 0.2, 0.3, 0.4], repeats: 2);
        TrialResult[] results =
        [
            Completed(plan, 1, 0.99), NotCompleted(plan, 2, TrialStatus.Diverged, "loss became NaN at epoch 3"),
            Completed(plan, 3, 0.40), Completed(plan, 4, 0.40),
            NotCompleted(plan, 5, TrialStatus.Failed, "boom"), NotCompleted(plan, 6, TrialStatus.Failed, "boom"),
            Completed(plan, 7, 0.50), Completed(plan, 8, double.NaN, loss: double.NaN),
            Completed(plan, 9, 0.30), Completed(plan, 10, 0.32),
        ];

        var ranking = Ranking.Build(plan, results);

        // Complete first (1 before 4), then unsound by their finite repeats' mean (0 at 0.99, 3 at 0.50), those with none last.
        Assert.Equal([2, 5, 1, 4, 3], ranking.Configurations.Select(c => c.Configuration));
        Assert.Equal([true, true, false, false, false], ranking.Configurations.Select(c => c.Sound));
        Assert.Equal(2, ranking.Best!.Configuration);
    }

    [Fact]
    public void A_partial_sweep_ranks_only_the_trials_that_finished()
    {
        var plan = Plan([0.0, 0.1, 0.2], repeats: 2);

        var ranking = Ranking.Build(plan, [Completed(plan, 3, 0.6), Completed(plan, 1, 0.7)]);

        Assert.Equal([1, 2], ranking.Configurations.Select(c => c.Configuration));
        Assert.Equal(2, ranking.Trials.Count);
    }

    [Fact]
    public void A_configuration_with_missing_repeats_is_never_best_even_with_the_highest_accuracy()
    {
        var plan = Plan([0.0, 0.1, 0.2], repeats: 2);

        // Config 1 has one repeat of two, at 0.99; config 2 has both, at 0.6; config 3 has none.
        var ranking = Ranking.Build(plan, [Completed(plan, 1, 0.99), Completed(plan, 3, 0.6), Completed(plan, 4, 0.6)]);

        Assert.Equal([2, 1], ranking.Configurations.Select(c => c.Configuration));
        Assert.Equal([ConfigurationStanding.Complete, ConfigurationStanding.MissingRepeats], ranking.Configurations.Select(c => c.Standing));
        Assert.Equal(2, ranking.Best!.Configuration);

        var onlyPartial = Ranking.Build(plan, [Completed(plan, 1, 0.99), Completed(plan, 3, 0.6)]);
        Assert.Null(onlyPartial.Best);
    }

    [Fact]
    public void The_running_best_names_the_configuration_the_ranking_names_at_every_step()
    {
        var plan = Plan([0.0, 0.1, 0.2, 0.3], repeats: 2);
        TrialResult[] arrivals =
        [
            Completed(plan, 1, 0.99), Completed(plan, 3, 0.70), Completed(plan, 4, 0.80), Completed(plan, 8, 0.90),
            Completed(plan, 5, 0.75), Completed(plan, 6, 0.75), NotCompleted(plan, 2, TrialStatus.Diverged, "x"), Completed(plan, 7, 0.90),
        ];
        var best = new RunningBest(plan);
        var seen = new Dictionary<int, TrialResult>();

        // Expected by hand: config 2 (0.75) once complete, then config 3 ties at 0.75 with equal loss: the lower number (2)
        // stays; config 1 never (a diverged repeat); config 4 (0.90) once its second repeat arrives.
        int?[] expected = [null, null, 2, 2, 2, 2, 2, 4];
        for (var i = 0; i < arrivals.Length; i++)
        {
            seen[arrivals[i].TrialId] = arrivals[i];
            best.Add(arrivals[i], id => seen[id]);
            Assert.Equal(expected[i], best.Best?.Configuration);
            Assert.Equal(Ranking.Build(plan, seen.Values.ToArray()).Best?.Configuration, best.Best?.Configuration);
        }
    }

    [Fact]
    public void In_an_extended_plan_the_running_best_and_the_ranking_take_each_configurations_repeats_in_repeat_order()
    {
        // Two configurations, first with one repeat, then extended to two: trials 1 (config 1, repeat 1), 2 (2, 1),
        // 3 (1, 2), 4 (2, 2), so a configuration's repeats are not adjacent in the plan.
        var options = new DropoutSweep.Core.Search.SweepOptions
        {
            Dataset = new DropoutSweep.Core.Data.DatasetOptions { ValidationFraction = 0.5 },
            Repeats = 2,
            Space = [new DropoutSweep.Core.Search.SweptParameter("DropoutRate", new DropoutSweep.Core.Search.ParameterRange { Values = [0, 0.1] })],
        };
        var plan = DropoutSweep.Core.Search.PlanBuilder.Build(options, null, [new DropoutSweep.Core.Search.PlanExtent(2, 1)]);
        Assert.Equal([(1, 1), (2, 1), (1, 2), (2, 2)], plan.Trials.Select(t => (t.Configuration, t.Repeat)));
        TrialResult[] arrivals = [Completed(plan, 3, 0.5), Completed(plan, 1, 0.9), Completed(plan, 2, 0.8), Completed(plan, 4, 0.8)];
        var best = new RunningBest(plan);
        var seen = new Dictionary<int, TrialResult>();

        // By hand: configuration 1 (mean of 0.9 and 0.5: 0.7) is complete after two arrivals; configuration 2 (0.8) after four.
        int?[] expected = [null, 1, 1, 2];
        for (var i = 0; i < arrivals.Length; i++)
        {
            seen[arrivals[i].TrialId] = arrivals[i];
            best.Add(arrivals[i], id => seen[id]);
            Assert.Equal(expected[i], best.Best?.Configuration);
        }

        var ranking = Ranking.Build(plan, arrivals);
        Assert.Equal([2, 1], ranking.Configurations.Select(c => c.Configuration));
        Assert.Equal([1, 3], ranking.Configurations[1].Trials.Select(t => t.Spec.TrialId));
        Assert.Equal(0.7, ranking.Configurations[1].ValidationAccuracy.Mean, 1e-12);
        Assert.Equal(0.1, ranking.Configurations[0].Training.DropoutRate);
    }

    [Fact]
    public void With_nothing_completed_there_is_no_best_configuration()
    {
        var plan = Plan([0.0, 0.1]);

        var ranking = Ranking.Build(plan, [NotCompleted(plan, 1, TrialStatus.Failed, "x"), NotCompleted(plan, 2, TrialStatus.TimedOut, "y")]);

        Assert.Null(ranking.Best);
        Assert.Equal(2, ranking.Configurations.Count);
    }

    [Fact]
    public void Diverged_trials_with_finite_last_metrics_are_never_the_best_configuration()
    {
        var plan = Plan([0.0, 0.1]);
        var diverged = Completed(plan, 1, 0.9) with { Status = TrialStatus.Diverged };
        var cancelled = Completed(plan, 2, 0.8) with { Status = TrialStatus.Cancelled };

        var ranking = Ranking.Build(plan, [diverged, cancelled]);

        Assert.Null(ranking.Best);
    }

    [Fact]
    public void A_result_outside_the_plan_or_a_second_result_for_a_trial_is_a_bug_and_throws()
    {
        var plan = Plan([0.0, 0.1]);

        var stranger = Assert.Throws<ArgumentException>(() => Ranking.Build(plan, [Completed(plan, 1, 0.5) with { TrialId = 9 }]));
        var twice = Assert.Throws<ArgumentException>(() => Ranking.Build(plan, [Completed(plan, 1, 0.5), Completed(plan, 1, 0.6)]));

        Assert.Contains("Trial 9", stranger.Message);
        Assert.Contains("Trial 1", twice.Message);
    }

    [Fact]
    public void Setting_columns_are_the_three_defaults_then_other_swept_settings_in_sweepable_order()
    {
        var defaults = Ranking.Build(Plan([0.1]), []);
        var withHidden = Ranking.Build(Plan([0.1], extra: ("Epochs", [5, 10])), []);

        Assert.Equal(["DropoutRate", "L2", "LearningRate"], defaults.SettingColumns);
        Assert.Equal(["DropoutRate", "L2", "LearningRate", "Epochs"], withHidden.SettingColumns);
    }
}
