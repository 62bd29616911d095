using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;
using Xunit;

namespace DropoutSweep.Core.Tests.Search;

public sealed class SweepValidatorTests
{
    private static readonly SweepOptions s_valid = new()
    {
        Dataset = new DatasetOptions { Samples = 100, Classes = 3, ValidationFraction = 0.2 },
        Training = new TrainingOptions { Hidden = [64], Epochs = 10 },
        Space =
        [
            new("DropoutRate", new ParameterRange { Values = [0, 0.1, 0.2] }),
            new("LearningRate", new ParameterRange { Min = 0.001, Max = 0.1, Scale = RangeScale.Log, Count = 3 }),
        ],
    };

    private static string[] Problems(SweepOptions options) =>
        SweepValidator.Validate(options).Select(p => p.ToString()).ToArray();

    private static SweepOptions WithTraining(Func<TrainingOptions, TrainingOptions> change) =>
        s_valid with { Training = change(s_valid.Training) };

    private static SweepOptions WithSpace(string name, ParameterRange range) => s_valid with { Space = [new(name, range)] };

    [Fact]
    public void Valid_options_have_no_problems()
    {
        Assert.Empty(Problems(s_valid));
        Assert.Empty(Problems(s_valid with
        {
            Strategy = SearchStrategy.Random,
            Trials = 5,
            Space = [new("L2", new ParameterRange { Min = 0, Max = 1e-3 })],
        }));
    }

    [Fact]
    public void A_swept_dropout_rate_outside_zero_to_one_names_the_value_and_its_position()
    {
        var problems = Problems(WithSpace("DropoutRate", new ParameterRange { Values = [0, 0.5, 1.2, -0.1] }));

        Assert.Equal(
            ["Sweep:Space:DropoutRate:Values[2] = 1.2: must be in [0, 1)", "Sweep:Space:DropoutRate:Values[3] = -0.1: must be in [0, 1)"],
            problems);
    }

    [Theory]
    [InlineData("DropoutRate", 1.0, "Sweep:Training:DropoutRate = 1: must be in [0, 1)")]
    [InlineData("Momentum", 1.0, "Sweep:Training:Momentum = 1: must be in [0, 1)")]
    [InlineData("L2", -1e-4, "Sweep:Training:L2 = -0.0001: must be >= 0")]
    [InlineData("L1", -1, "Sweep:Training:L1 = -1: must be >= 0")]
    [InlineData("BiasL2", -1, "Sweep:Training:BiasL2 = -1: must be >= 0")]
    [InlineData("OutputL1", -1, "Sweep:Training:OutputL1 = -1: must be >= 0")]
    [InlineData("LearningRate", 0, "Sweep:Training:LearningRate = 0: must be > 0")]
    [InlineData("Decay", -1e-5, "Sweep:Training:Decay = -1E-05: must be >= 0")]
    [InlineData("Epochs", 0, "Sweep:Training:Epochs = 0: must be a whole number in [1, 2147483647]")]
    [InlineData("BatchSize", -1, "Sweep:Training:BatchSize = -1: must be a whole number in [0, 2147483647]")]
    [InlineData("EvaluateEvery", 0, "Sweep:Training:EvaluateEvery = 0: must be a whole number in [1, 2147483647]")]
    public void A_training_setting_outside_its_range_is_reported_with_the_range(string name, double value, string expected)
    {
        var options = WithTraining(t => name switch
        {
            "EvaluateEvery" => t with { EvaluateEvery = (int)value },
            "BiasL2" => t with { BiasL2 = value },
            _ => TrainingSettings.Section[name].Apply(t, SettingValue.OfNumber(value)),
        });

        Assert.Contains(Problems(options), p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Hidden_layers_must_exist_and_be_at_least_one_wide()
    {
        Assert.Equal(["Sweep:Training:Hidden[1] = 0: layer width must be >= 1"], Problems(WithTraining(t => t with { Hidden = [64, 0] })));
        Assert.Equal(
            ["Sweep:Training:Hidden: needs at least one hidden layer width, e.g. [512]"],
            Problems(WithTraining(t => t with { Hidden = [] })));
        Assert.Equal(
            ["Sweep:Space:Hidden:Values[1][0] = 0: layer width must be >= 1"],
            Problems(WithSpace("Hidden", new ParameterRange { LayerValues = [[64], [0]] })));
    }

    [Fact]
    public void Ranges_need_min_at_most_max_and_a_positive_min_on_a_log_scale()
    {
        Assert.Equal(
            ["Sweep:Space:L2:Min = 0.1: must be <= Max (0.01)"],
            Problems(WithSpace("L2", new ParameterRange { Min = 0.1, Max = 0.01, Count = 2 })));
        Assert.Equal(
            ["Sweep:Space:L2:Min = 0: must be > 0 for Scale Log"],
            Problems(WithSpace("L2", new ParameterRange { Min = 0, Max = 0.01, Scale = RangeScale.Log, Count = 2 })));
    }

    [Fact]
    public void Grid_ranges_need_a_count_of_at_least_one()
    {
        Assert.Equal(
            ["Sweep:Space:L2:Count: required for a Grid range: the number of points (>= 1)"],
            Problems(WithSpace("L2", new ParameterRange { Min = 0, Max = 0.01 })));
        Assert.Equal(
            ["Sweep:Space:L2:Count = 0: must be >= 1"],
            Problems(WithSpace("L2", new ParameterRange { Min = 0, Max = 0.01, Count = 0 })));
    }

    [Fact]
    public void Space_entries_need_values_that_are_not_empty()
    {
        Assert.Equal(["Sweep:Space:L2:Values: must not be empty"], Problems(WithSpace("L2", new ParameterRange { Values = [] })));
        Assert.Equal(["Sweep:Space:L2: needs Values, or Min and Max"], Problems(WithSpace("L2", new ParameterRange { Count = 2 })));
        Assert.Equal(
            ["Sweep:Space:L2: needs Values, or Min and Max (both)"],
            Problems(WithSpace("L2", new ParameterRange { Min = 0, Count = 2 })));
    }

    [Fact]
    public void Space_may_name_only_sweepable_settings_once()
    {
        var problems = Problems(s_valid with
        {
            Space =
            [
                new("Optimizer", new ParameterRange { Values = [0] }),
                new("L2", new ParameterRange { Values = [0] }),
                new("L2", new ParameterRange { Values = [1e-3] }),
            ],
        });

        Assert.Equal(2, problems.Length);
        Assert.StartsWith("Sweep:Space:Optimizer: not a sweepable setting; Space may name DropoutRate, L2,", problems[0]);
        Assert.Equal("Sweep:Space:L2: named twice in Space", problems[1]);
    }

    [Fact]
    public void Random_needs_at_least_one_trial()
    {
        Assert.Equal(
            ["Sweep:Trials: required for Strategy Random: the number of configurations to draw (>= 1)"],
            Problems(s_valid with { Strategy = SearchStrategy.Random }));
        Assert.Equal(["Sweep:Trials = 0: must be >= 1"], Problems(s_valid with { Strategy = SearchStrategy.Random, Trials = 0 }));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Validation_fraction_must_be_strictly_between_zero_and_one(double fraction)
    {
        var options = s_valid with { Dataset = s_valid.Dataset with { ValidationFraction = fraction } };

        Assert.Equal([$"Sweep:Dataset:ValidationFraction = {fraction:R}: must be in (0, 1)"], Problems(options));
    }

    [Fact]
    public void A_spiral_needs_exactly_one_way_to_make_validation_data()
    {
        var neither = s_valid with { Dataset = s_valid.Dataset with { ValidationFraction = null } };
        var both = s_valid with { Dataset = s_valid.Dataset with { ValidationSamples = 100 } };

        Assert.Equal(
            ["Sweep:Dataset: set ValidationFraction or ValidationSamples (one of them, for Kind Spiral)"],
            Problems(neither));
        Assert.Equal(["Sweep:Dataset: set ValidationFraction or ValidationSamples, not both"], Problems(both));
        Assert.Empty(Problems(neither with { Dataset = neither.Dataset with { ValidationSamples = 100 } }));
        Assert.Equal(
            ["Sweep:Dataset:ValidationSamples = 1: must be >= 2 (points per class)"],
            Problems(neither with { Dataset = neither.Dataset with { ValidationSamples = 1 } }));
    }

    [Fact]
    public void A_spiral_needs_two_classes_of_two_points()
    {
        var options = s_valid with { Dataset = s_valid.Dataset with { Samples = 1, Classes = 1 } };

        Assert.Equal(
            ["Sweep:Dataset:Samples = 1: must be >= 2 (points per class)", "Sweep:Dataset:Classes = 1: must be >= 2"],
            Problems(options));
    }

    [Fact]
    public void A_csv_data_set_needs_a_path_and_a_validation_fraction()
    {
        var options = s_valid with { Dataset = new DatasetOptions { Kind = DatasetKind.Csv } };

        Assert.Equal(
            [
                "Sweep:Dataset:Path: required for Kind Csv: the CSV file to read",
                "Sweep:Dataset:ValidationFraction: required for Kind Csv or Idx: a fraction in (0, 1)",
            ],
            Problems(options));
    }

    [Fact]
    public void Run_settings_are_checked()
    {
        var options = s_valid with
        {
            Name = "a/b",
            Repeats = 0,
            MaxParallelism = -1,
            MaxAttempts = 0,
            TrialTimeout = TimeSpan.Zero,
        };

        Assert.Equal(
            [
                "Sweep:Name = 'a/b': must be a non-empty folder name without / \\ : * ? \" < > |",
                "Sweep:Repeats = 0: must be >= 1",
                "Sweep:MaxParallelism = -1: must be >= 0 (0 = one per core)",
                "Sweep:MaxAttempts = 0: must be >= 1",
                "Sweep:TrialTimeout = 00:00:00: must be > 0 (omit it for no limit)",
            ],
            Problems(options));
    }

    [Fact]
    public void A_plan_larger_than_max_trials_gives_its_computed_size()
    {
        var options = s_valid with
        {
            Repeats = 4,
            Space =
            [
                new("L2", new ParameterRange { Min = 0, Max = 1, Count = 1000 }),
                new("L1", new ParameterRange { Min = 0, Max = 1, Count = 300 }),
            ],
        };

        Assert.Equal(
            [
                "Sweep:MaxTrials = 100000: the plan has 1200000 trials (300000 configurations x 4 repeats), "
                + "more than MaxTrials allows; shrink the Space or raise MaxTrials",
            ],
            Problems(options));
        Assert.Empty(Problems(options with { MaxTrials = 1_200_000 }));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = s_valid with
        {
            Repeats = 0,
            Training = s_valid.Training with { Epochs = 0, LearningRate = -1 },
            Space = [new("DropoutRate", new ParameterRange { Values = [1.5] })],
        };

        Assert.Equal(4, Problems(options).Length);
    }
}
