using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using Xunit;

namespace DropoutSweep.Core.Tests.Search;

public sealed class PlanFingerprintTests
{
    private static readonly SweepOptions s_options = new()
    {
        Name = "grid",
        Seed = 42,
        Dataset = new DatasetOptions { Samples = 100, Classes = 3, ValidationFraction = 0.5 },
        Training = new TrainingOptions { Hidden = [64], Epochs = 10 },
        Space =
        [
            new("DropoutRate", new ParameterRange { Values = [0, 0.1] }),
            new("L2", new ParameterRange { Values = [0, 5e-4] }),
        ],
    };

    [Fact]
    public void The_same_options_give_the_same_hash()
    {
        var copy = s_options with { Space = [.. s_options.Space] };

        Assert.Equal(PlanBuilder.Build(s_options).Hash, PlanBuilder.Build(copy).Hash);
        Assert.Matches("^[0-9a-f]{64}$", PlanBuilder.Build(s_options).Hash);
    }

    [Fact]
    public void Run_only_settings_do_not_change_the_hash()
    {
        var runOnly = s_options with
        {
            Name = "other",
            MaxParallelism = 3,
            MaxTrials = 10,
            MaxAttempts = 5,
            TrialTimeout = TimeSpan.FromMinutes(1),
        };

        Assert.Equal(PlanBuilder.Build(s_options).Hash, PlanBuilder.Build(runOnly).Hash);
    }

    [Theory]
    [InlineData("Seed")]
    [InlineData("Repeats")]
    [InlineData("Epochs")]
    [InlineData("DataSeed")]
    [InlineData("Samples")]
    [InlineData("Space")]
    [InlineData("SpaceOrder")]
    public void Every_setting_that_changes_results_changes_the_hash(string change)
    {
        var changed = change switch
        {
            "Seed" => s_options with { Seed = 43 },
            "Repeats" => s_options with { Repeats = 2 },
            "Epochs" => s_options with { Training = s_options.Training with { Epochs = 11 } },
            "DataSeed" => s_options with { Dataset = s_options.Dataset with { Seed = 1 } },
            "Samples" => s_options with { Dataset = s_options.Dataset with { Samples = 101 } },
            "Space" => s_options with { Space = [s_options.Space[0], new("L2", new ParameterRange { Values = [0, 5e-3] })] },
            "SpaceOrder" => s_options with { Space = [s_options.Space[1], s_options.Space[0]] },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.NotEqual(PlanBuilder.Build(s_options).Hash, PlanBuilder.Build(changed).Hash);
    }

    [Fact]
    public void A_swept_setting_is_fingerprinted_by_its_space_not_its_training_value()
    {
        var changed = s_options with { Training = s_options.Training with { DropoutRate = 0.3 } };

        Assert.Equal(PlanBuilder.Build(s_options).Hash, PlanBuilder.Build(changed).Hash);
        Assert.False(PlanBuilder.Build(s_options).Fingerprint.ContainsKey("Training.DropoutRate"));
    }

    [Fact]
    public void A_csv_data_set_is_fingerprinted_by_its_content_hash_not_its_location()
    {
        var csv = s_options with { Dataset = new DatasetOptions { Kind = DatasetKind.Csv, Path = "/data/x.csv", ValidationFraction = 0.2 } };
        var moved = csv with { Dataset = csv.Dataset with { Path = "/elsewhere/x.csv" } };

        var plan = PlanBuilder.Build(csv, "abc");

        Assert.Equal("abc", plan.Fingerprint["Dataset.ContentSha256"]);
        Assert.False(plan.Fingerprint.ContainsKey("Dataset.Path"));
        Assert.Equal(plan.Hash, PlanBuilder.Build(moved, "abc").Hash);
        Assert.NotEqual(plan.Hash, PlanBuilder.Build(csv, "abd").Hash);
        Assert.NotEqual(PlanBuilder.Build(csv, null).Hash, PlanBuilder.Build(moved, null).Hash);
    }

    [Fact]
    public void The_fingerprint_lists_settings_as_canonical_text_in_a_fixed_order()
    {
        var fingerprint = PlanBuilder.Build(s_options).Fingerprint;

        Assert.Equal("[0, 0.0005]", fingerprint["Space.L2.Values"]);
        Assert.Equal("[64]", fingerprint["Training.Hidden"]);
        Assert.Equal("10", fingerprint["Training.Epochs"]);
        Assert.Equal("[DropoutRate, L2]", fingerprint["Space"]);
        Assert.Equal(PlanFingerprint.Hash(fingerprint), PlanBuilder.Build(s_options).Hash);
        Assert.Equal(["Plan.Format", "Strategy", "Seed", "Seeds", "Repeats"], fingerprint.Keys.Take(5));
    }

    [Fact]
    public void The_difference_names_each_changed_setting_with_both_values()
    {
        var stored = PlanBuilder.Build(s_options).Fingerprint;
        var changed = s_options with
        {
            Repeats = 2,
            Space = [s_options.Space[0], new("L2", new ParameterRange { Values = [0, 5e-3] })],
        };

        var differences = PlanDifference.Describe(stored, PlanBuilder.Build(changed).Fingerprint);

        Assert.Equal(["Repeats", "Space.L2.Values"], differences.Select(d => d.Path));
        Assert.Equal(
            "Repeats differs (was 1, now 2); Space.L2.Values differs (was [0, 0.0005], now [0, 0.005])",
            PlanDifference.Summarize(differences));
    }

    [Fact]
    public void The_difference_names_settings_only_one_plan_has()
    {
        var stored = new Dictionary<string, string> { ["Space.L1.Values"] = "[0]", ["Seed"] = "1" };
        var current = new Dictionary<string, string> { ["Seed"] = "1", ["Space.L2.Values"] = "[0]" };

        var differences = PlanDifference.Describe(stored, current);

        Assert.Equal(
            ["Space.L2.Values is new (now [0])", "Space.L1.Values is gone (was [0])"],
            differences.Select(d => d.ToString()));
        Assert.Empty(PlanDifference.Describe(current, current));
    }
}
