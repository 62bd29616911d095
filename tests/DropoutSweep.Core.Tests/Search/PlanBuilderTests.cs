using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using Xunit;

namespace DropoutSweep.Core.Tests.Search;

public sealed class PlanBuilderTests
{
    private static readonly DatasetOptions s_spiral = new() { Samples = 100, Classes = 3, ValidationFraction = 0.2 };

    private static SweepOptions Grid(params SweptParameter[] space) =>
        new() { Strategy = SearchStrategy.Grid, Dataset = s_spiral, Space = space };

    private static SweepOptions Random(int trials, params SweptParameter[] space) =>
        new() { Strategy = SearchStrategy.Random, Trials = trials, Dataset = s_spiral, Space = space };

    private static SweptParameter Values(string name, params double[] values) => new(name, new ParameterRange { Values = values });

    private static SweptParameter Range(string name, double min, double max, RangeScale scale, int? count = null) =>
        new(name, new ParameterRange { Min = min, Max = max, Scale = scale, Count = count });

    [Fact]
    public void Grid_is_the_cartesian_product_with_the_first_entry_varying_slowest()
    {
        var plan = PlanBuilder.Build(Grid(Values("DropoutRate", 0, 0.1, 0.2), Values("L2", 0, 5e-4)));

        var pairs = plan.Trials.Select(t => (t.Training.DropoutRate, t.Training.L2)).ToArray();
        Assert.Equal(
            [(0, 0), (0, 5e-4), (0.1, 0), (0.1, 5e-4), (0.2, 0), (0.2, 5e-4)],
            pairs);
        Assert.Equal(6, plan.Configurations);
        Assert.Equal(["DropoutRate", "L2"], plan.SweptSettings);
    }

    [Fact]
    public void Settings_the_space_does_not_name_come_from_training()
    {
        var training = new TrainingOptions { Hidden = [64, 32], Epochs = 7, LearningRate = 0.02, Optimizer = OptimizerKind.Sgd };
        var plan = PlanBuilder.Build(Grid(Values("L2", 0, 1e-3)) with { Training = training });

        Assert.All(plan.Trials, t =>
        {
            Assert.Equal([64, 32], t.Training.Hidden);
            Assert.Equal(7, t.Training.Epochs);
            Assert.Equal(0.02, t.Training.LearningRate);
            Assert.Equal(OptimizerKind.Sgd, t.Training.Optimizer);
        });
        Assert.Equal(training with { L2 = 1e-3 }, plan.Trials[1].Training);
    }

    [Fact]
    public void A_plans_trials_equal_trials_carrying_their_options_and_survive_json_as_plan_json_and_the_wire_carry_them()
    {
        // The plan keeps each configuration's swept values, not its options: what a trial reads must still be the options
        // written out by hand, for every configuration and repeat, and equal to a trial that carries them.
        var training = new TrainingOptions { Hidden = [16], Epochs = 9 };
        var plan = PlanBuilder.Build(Grid(Values("DropoutRate", 0, 0.5), Values("L2", 0, 1e-3)) with { Training = training, Repeats = 2 });
        TrainingOptions[] expected =
        [
            training with { DropoutRate = 0, L2 = 0 }, training with { DropoutRate = 0, L2 = 1e-3 },
            training with { DropoutRate = 0.5, L2 = 0 }, training with { DropoutRate = 0.5, L2 = 1e-3 },
        ];

        foreach (var trial in plan.Trials)
        {
            var carrying = new TrialSpec(trial.TrialId, trial.Configuration, trial.Repeat, trial.Seed, expected[trial.Configuration - 1]);
            Assert.Equal(expected[trial.Configuration - 1], trial.Training);
            Assert.Equal(carrying, trial);
            Assert.Equal(carrying.GetHashCode(), trial.GetHashCode());
            var json = System.Text.Json.JsonSerializer.Serialize(trial, DropoutSweep.Core.Results.JsonFormats.Compact);
            Assert.Equal(trial, System.Text.Json.JsonSerializer.Deserialize<TrialSpec>(json, DropoutSweep.Core.Results.JsonFormats.Compact));
        }

        Assert.NotEqual(plan.Trials[0], plan.Trials[0] with { Training = expected[1] });
        Assert.Equal(expected[3], (plan.Trials[0] with { Configuration = 4 }).Training); // a plan's trial reads its configuration's options
    }

    [Fact]
    public void An_empty_space_is_one_configuration_of_the_training_settings()
    {
        var plan = PlanBuilder.Build(Grid() with { Repeats = 2 });

        Assert.Equal(1, plan.Configurations);
        Assert.Equal(2, plan.Trials.Count);
        Assert.All(plan.Trials, t => Assert.Equal(new TrainingOptions(), t.Training));
    }

    [Fact]
    public void Grid_ranges_are_numpy_linspace_and_geomspace()
    {
        // Expected: numpy 1.24.2, np.linspace(0.005, 0.1, 7) and np.geomspace(0.001, 0.1, 5) (plan_reference.py beside this file).
        var linear = PlanBuilder.GridPoints(Range("LearningRate", 0.005, 0.1, RangeScale.Linear, 7)).Select(p => p.Number);
        var log = PlanBuilder.GridPoints(Range("LearningRate", 0.001, 0.1, RangeScale.Log, 5)).Select(p => p.Number);

        Assert.Equal([0.005, 0.020833333333333336, 0.03666666666666667, 0.0525, 0.06833333333333334, 0.08416666666666668, 0.1], linear);
        Assert.Equal([0.001, 0.0031622776601683794, 0.01, 0.03162277660168379, 0.1], log);
    }

    [Fact]
    public void A_grid_range_of_one_point_is_its_min()
    {
        var points = PlanBuilder.GridPoints(Range("LearningRate", 0.003, 0.1, RangeScale.Log, 1));

        Assert.Equal([0.003], points.Select(p => p.Number));
    }

    [Fact]
    public void Integer_settings_are_rounded_to_whole_numbers()
    {
        // numpy.geomspace(10, 100, 3) is [10, 31.622776601683796, 100]; Epochs takes the nearest whole number.
        var points = PlanBuilder.GridPoints(Range("Epochs", 10, 100, RangeScale.Log, 3)).Select(p => p.Number);
        var plan = PlanBuilder.Build(Random(20, Range("BatchSize", 8, 64, RangeScale.Linear)));

        Assert.Equal([10, 32, 100], points);
        Assert.All(plan.Trials, t => Assert.InRange(t.Training.BatchSize, 8, 64));
    }

    [Fact]
    public void Hidden_takes_layer_lists()
    {
        var hidden = new SweptParameter("Hidden", new ParameterRange { LayerValues = [[64], [512], [256, 128]] });
        var plan = PlanBuilder.Build(Grid(hidden, Values("DropoutRate", 0, 0.2)));

        Assert.Equal(6, plan.Trials.Count);
        Assert.Equal([256, 128], plan.Trials[4].Training.Hidden);
        Assert.Equal(0.2, plan.Trials[5].Training.DropoutRate);
        Assert.Equal([64], plan.Trials[0].Training.Hidden);
    }

    [Fact]
    public void Trials_configurations_and_repeats_count_from_one_configuration_major()
    {
        var plan = PlanBuilder.Build(Grid(Values("L2", 0, 1e-3, 1e-2)) with { Repeats = 2 });

        Assert.Equal([1, 2, 3, 4, 5, 6], plan.Trials.Select(t => t.TrialId));
        Assert.Equal([1, 1, 2, 2, 3, 3], plan.Trials.Select(t => t.Configuration));
        Assert.Equal([1, 2, 1, 2, 1, 2], plan.Trials.Select(t => t.Repeat));
        Assert.Equal(plan.Trials[0].Training, plan.Trials[1].Training);
        Assert.Equal([new PlanExtent(3, 2)], plan.Extents);
    }

    [Fact]
    public void Shared_seeds_give_repeat_r_of_every_configuration_the_same_seed()
    {
        // Expected: Rng.Mix(7, r) by plan_reference.py (SplitMix64's finaliser, written from its publication).
        var plan = PlanBuilder.Build(Grid(Values("L2", 0, 1e-3, 1e-2)) with { Repeats = 3, Seed = 7 });

        ulong[] byRepeat = [4500679399353878155, 12615537395075905838, 2918893420377479351];
        Assert.All(plan.Trials, t => Assert.Equal(byRepeat[t.Repeat - 1], t.Seed));
    }

    [Fact]
    public void Per_trial_seeds_differ_for_every_configuration_and_repeat()
    {
        // Expected: Rng.Mix(Rng.Mix(7, c), r) by plan_reference.py.
        var plan = PlanBuilder.Build(Grid(Values("L2", 0, 1e-3, 1e-2)) with { Repeats = 2, Seed = 7, Seeds = SeedMode.PerTrial });

        Assert.Equal(
            [13882816213648316633, 9595319732055036239, 256084387464906718, 11601081432767446527, 10282748251457350251, 14594809810771947723],
            plan.Trials.Select(t => t.Seed));
    }

    [Fact]
    public void Raising_repeats_keeps_every_trial_number_setting_and_seed_and_numbers_the_new_trials_after_them()
    {
        var options = Grid(Values("L2", 0, 1e-3)) with { Repeats = 2 };
        var few = PlanBuilder.Build(options);
        var more = PlanBuilder.Build(options with { Repeats = 3 }, datasetContentHash: null, few.Extents);

        Assert.Equal(few.Trials, more.Trials.Take(4));
        Assert.Equal([(1, 3), (2, 3)], more.Trials.Skip(4).Select(t => (t.Configuration, t.Repeat)));
        Assert.Equal([5, 6], more.Trials.Skip(4).Select(t => t.TrialId));
        Assert.Equal([new PlanExtent(2, 2), new PlanExtent(2, 3)], more.Extents);
    }

    [Fact]
    public void Raising_trials_then_repeats_numbers_each_extension_after_the_last()
    {
        var space = Range("DropoutRate", 0, 0.5, RangeScale.Linear);
        var first = PlanBuilder.Build(Random(2, space) with { Repeats = 2 });
        var second = PlanBuilder.Build(Random(3, space) with { Repeats = 2 }, null, first.Extents);
        var third = PlanBuilder.Build(Random(3, space) with { Repeats = 3 }, null, second.Extents);

        Assert.Equal(first.Trials, second.Trials.Take(4));
        Assert.Equal(second.Trials, third.Trials.Take(6));
        Assert.Equal(
            [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2), (1, 3), (2, 3), (3, 3)],
            third.Trials.Select(t => (t.Configuration, t.Repeat)));
        Assert.Equal(Enumerable.Range(1, 9), third.Trials.Select(t => t.TrialId));
    }

    [Fact]
    public void A_plan_smaller_than_the_one_it_extends_is_refused()
    {
        var options = Grid(Values("L2", 0, 1e-3)) with { Repeats = 3 };

        Assert.Throws<ArgumentException>(() => PlanBuilder.Build(options with { Repeats = 2 }, null, [new PlanExtent(2, 3)]));
    }

    [Fact]
    public void Random_draws_trials_configurations_inside_their_ranges_and_values()
    {
        var options = Random(
            200,
            Values("DropoutRate", 0, 0.1, 0.2, 0.3),
            Range("LearningRate", 1e-4, 1e-1, RangeScale.Log),
            Range("L2", 0, 1e-3, RangeScale.Linear)) with { Repeats = 2 };

        var plan = PlanBuilder.Build(options);

        Assert.Equal(200, plan.Configurations);
        Assert.Equal(400, plan.Trials.Count);
        Assert.All(plan.Trials, t =>
        {
            Assert.Contains(t.Training.DropoutRate, (double[])[0, 0.1, 0.2, 0.3]);
            Assert.InRange(t.Training.LearningRate, 1e-4, 1e-1);
            Assert.InRange(t.Training.L2, 0, 1e-3);
        });
        var configs = plan.Trials.Where(t => t.Repeat == 1).Select(t => t.Training).ToArray();
        Assert.Equal(4, configs.Select(c => c.DropoutRate).Distinct().Count());
        Assert.True(configs.Select(c => c.LearningRate).Distinct().Count() > 190);
    }

    [Fact]
    public void Log_uniform_draws_are_even_in_the_logarithm()
    {
        var plan = PlanBuilder.Build(Random(2000, Range("LearningRate", 1e-4, 1, RangeScale.Log)));

        // Four decades: a log-uniform draw lands below 1e-2 half the time; a uniform one almost never.
        var below = plan.Trials.Count(t => t.Training.LearningRate < 1e-2) / 2000.0;
        Assert.InRange(below, 0.45, 0.55);
    }

    [Fact]
    public void Random_plans_are_reproducible_from_the_seed_and_differ_for_another_seed()
    {
        var options = Random(10, Range("DropoutRate", 0, 0.5, RangeScale.Linear));

        var first = PlanBuilder.Build(options).Trials.Select(t => t.Training.DropoutRate).ToArray();
        var again = PlanBuilder.Build(options).Trials.Select(t => t.Training.DropoutRate).ToArray();
        var other = PlanBuilder.Build(options with { Seed = 43 }).Trials.Select(t => t.Training.DropoutRate).ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Random_draws_are_xoshiro_streams_per_configuration_so_more_trials_keep_the_earlier_draws()
    {
        // Expected: 0.5 * uniform of xoshiro256** seeded Rng.Mix(Rng.Mix(42, 2^64 - 1), c), by plan_reference.py.
        var few = PlanBuilder.Build(Random(3, Range("DropoutRate", 0, 0.5, RangeScale.Linear)));
        var more = PlanBuilder.Build(Random(8, Range("DropoutRate", 0, 0.5, RangeScale.Linear)));

        Assert.Equal([0.1697601967361873, 0.416030363398423, 0.30065023390415047], few.Trials.Select(t => t.Training.DropoutRate));
        Assert.Equal(few.Trials, more.Trials.Take(3));
    }

    [Fact]
    public void Count_matches_the_expanded_plan_without_expanding_it()
    {
        var options = Grid(Values("DropoutRate", 0, 0.1), Range("LearningRate", 0.001, 0.1, RangeScale.Log, 3)) with { Repeats = 2 };

        Assert.Equal(12, PlanBuilder.CountTrials(options));
        Assert.Equal(12, PlanBuilder.Build(options).Trials.Count);
        Assert.Equal(long.MaxValue, PlanBuilder.CountTrials(Grid(
            Range("L2", 0, 1, RangeScale.Linear, int.MaxValue),
            Range("L1", 0, 1, RangeScale.Linear, int.MaxValue),
            Range("Decay", 0, 1, RangeScale.Linear, int.MaxValue))));
    }

    [Fact]
    public void Building_invalid_options_throws_with_the_problems()
    {
        var error = Assert.Throws<ArgumentException>(() => PlanBuilder.Build(Grid(Values("DropoutRate", 1.2))));

        Assert.Contains("Sweep:Space:DropoutRate:Values[0] = 1.2: must be in [0, 1)", error.Message);
    }
}
