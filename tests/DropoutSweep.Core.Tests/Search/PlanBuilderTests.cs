using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Randomness;
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
    public void An_empty_space_is_one_configuration_of_the_training_settings()
    {
        var plan = PlanBuilder.Build(Grid() with { Repeats = 2 });

        Assert.Equal(1, plan.Configurations);
        Assert.Equal(2, plan.Trials.Count);
        Assert.All(plan.Trials, t => Assert.Equal(new TrainingOptions(), t.Training));
    }

    [Fact]
    public void Linear_grid_range_has_count_evenly_spaced_points_with_both_endpoints()
    {
        var points = PlanBuilder.GridPoints(Range("DropoutRate", 0.1, 0.5, RangeScale.Linear, 5)).Select(p => p.Number);

        Assert.Equal([0.1, 0.2, 0.30000000000000004, 0.4, 0.5], points);
    }

    [Fact]
    public void Log_grid_range_is_geometric_with_exact_endpoints()
    {
        var points = PlanBuilder.GridPoints(Range("LearningRate", 0.001, 0.1, RangeScale.Log, 3)).Select(p => p.Number).ToArray();

        Assert.Equal(0.001, points[0]);
        Assert.Equal(0.01, points[1], 1e-15);
        Assert.Equal(0.1, points[2]);
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
    public void Repeats_are_configuration_major_with_one_based_trial_ids_and_per_trial_seeds()
    {
        var options = Grid(Values("L2", 0, 1e-3, 1e-2)) with { Repeats = 2, Seed = 7 };
        var plan = PlanBuilder.Build(options);

        Assert.Equal([1, 2, 3, 4, 5, 6], plan.Trials.Select(t => t.TrialId));
        Assert.Equal([0, 0, 1, 1, 2, 2], plan.Trials.Select(t => t.ConfigIndex));
        Assert.Equal([0, 1, 0, 1, 0, 1], plan.Trials.Select(t => t.Repeat));
        Assert.All(plan.Trials, t => Assert.Equal(Rng.Mix(7, (ulong)t.ConfigIndex, (ulong)t.Repeat), t.Seed));
        Assert.Equal(6, plan.Trials.Select(t => t.Seed).Distinct().Count());
        Assert.Equal(plan.Trials[0].Training, plan.Trials[1].Training);
    }

    [Fact]
    public void Raising_repeats_keeps_every_existing_trial_settings_and_seed()
    {
        var few = PlanBuilder.Build(Grid(Values("L2", 0, 1e-3)) with { Repeats = 2 });
        var more = PlanBuilder.Build(Grid(Values("L2", 0, 1e-3)) with { Repeats = 3 });

        foreach (var trial in few.Trials)
        {
            var same = more.Trials.Single(t => t.ConfigIndex == trial.ConfigIndex && t.Repeat == trial.Repeat);
            Assert.Equal(trial.Seed, same.Seed);
            Assert.Equal(trial.Training, same.Training);
        }
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
        var configs = plan.Trials.Where(t => t.Repeat == 0).Select(t => t.Training).ToArray();
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
    public void Raising_trials_keeps_the_earlier_draws()
    {
        var space = new[] { Range("DropoutRate", 0, 0.5, RangeScale.Linear), Values("L2", 0, 1e-3) };
        var few = PlanBuilder.Build(Random(5, space));
        var more = PlanBuilder.Build(Random(8, space));

        Assert.Equal(few.Trials, more.Trials.Take(5));
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
