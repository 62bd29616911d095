using System.Text.Json;
using System.Text.Json.Nodes;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;
using Xunit;

namespace DropoutSweep.Core.Tests.Settings;

/// <summary>
/// A sweep's JSON tree, with overrides laid over it as text (<see cref="SettingsTree.Overlay"/>), read through the
/// catalogue (<see cref="SweepReader"/>): what the loader does with a sweep file, the environment and the command line.
/// </summary>
public sealed class SweepReaderTests
{
    private const string IssueExample = """
        { "Sweep": {
            "Name": "dropout-grid", "Strategy": "Grid", "Seed": 42, "Repeats": 1, "MaxParallelism": 0,
            "Dataset":  { "Kind": "Spiral", "Samples": 1000, "Classes": 3, "ValidationFraction": 0.5, "Seed": 0 },
            "Training": { "Hidden": [512], "Epochs": 2000, "Optimizer": "Adam", "LearningRate": 0.05, "Decay": 5e-5,
                          "DropoutRate": 0.1, "L2": 5e-4, "BatchSize": 0, "EvaluateEvery": 100 },
            "Space": {
              "DropoutRate":  { "Values": [0.0, 0.1, 0.2, 0.3] },
              "L2":           { "Values": [0, 5e-4, 5e-3] },
              "LearningRate": { "Min": 0.005, "Max": 0.1, "Scale": "Log", "Count": 3 } } } }
        """;

    /// <summary>Parses <paramref name="json"/> as the loader does, lays <paramref name="commandLine"/> (<c>--Key=value</c>) over it, and reads it.</summary>
    private static SweepOptionsReading Read(string json, string[]? commandLine = null)
    {
        var tree = (JsonObject)JsonNode.Parse(
            json, SettingsTree.NodeOptions, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var problems = new List<SettingProblem>();
        foreach (var argument in commandLine ?? [])
        {
            var (key, value) = (argument[2..].Split('=', 2)[0], argument.Split('=', 2)[1]);
            SettingsTree.Overlay(tree, key, value, "--" + key, problems);
        }

        var reading = SweepReader.Read(tree[SweepSettings.Root]);
        return reading with { Problems = [.. problems, .. reading.Problems] };
    }

    private static string[] Problems(string json, string[]? commandLine = null) =>
        Read(json, commandLine).Problems.Select(p => p.ToString()).ToArray();

    /// <summary>A minimal valid sweep with <paramref name="training"/> as its Training section's body.</summary>
    private static string WithTraining(string training) =>
        $$"""{ "Sweep": { "Dataset": { "ValidationFraction": 0.2 }, "Training": { {{training}} } } }""";

    [Fact]
    public void The_issue_example_reads_into_the_options_it_describes()
    {
        var reading = Read(IssueExample);

        Assert.Empty(reading.Problems);
        var options = reading.Options;
        Assert.Equal("dropout-grid", options.Name);
        Assert.Equal(42UL, options.Seed);
        Assert.Equal(new DatasetOptions { Samples = 1000, Classes = 3, ValidationFraction = 0.5 }, options.Dataset);
        Assert.Equal(new TrainingOptions { Hidden = [512], Epochs = 2000, Decay = 5e-5, L2 = 5e-4 }, options.Training);
        Assert.Equal(["DropoutRate", "L2", "LearningRate"], options.Space.Select(p => p.Name));
        Assert.Equal([0.0, 0.1, 0.2, 0.3], options.Space[0].Range.Values!);
        Assert.Equal(new ParameterRange { Min = 0.005, Max = 0.1, Scale = RangeScale.Log, Count = 3 }, options.Space[2].Range);
        Assert.Equal(36, PlanBuilder.Build(options).Trials.Count);
    }

    [Fact]
    public void Absent_keys_keep_the_contract_defaults()
    {
        var reading = Read("""{ "Sweep": { "Dataset": { "ValidationFraction": 0.2 } } }""");

        Assert.Empty(reading.Problems);
        Assert.Equal(new SweepOptions().Name, reading.Options.Name);
        Assert.Equal(new SweepOptions().Seed, reading.Options.Seed);
        Assert.Equal(new SweepOptions().MaxTrials, reading.Options.MaxTrials);
        Assert.Equal(new SweepOptions().MaxAttempts, reading.Options.MaxAttempts);
        Assert.Null(reading.Options.TrialTimeout);
        Assert.Equal(new DatasetOptions { ValidationFraction = 0.2 }, reading.Options.Dataset);
        Assert.Equal(new TrainingOptions(), reading.Options.Training);
        Assert.Empty(reading.Options.Space);
    }

    [Fact]
    public void The_space_keeps_the_file_order_and_an_override_adds_an_entry_after_it()
    {
        const string json = """
            { "Sweep": { "Dataset": { "ValidationFraction": 0.2 }, "Space": {
              "LearningRate": { "Values": [0.01] }, "L2": { "Values": [0] }, "DropoutRate": { "Values": [0] } } } }
            """;

        Assert.Equal(["LearningRate", "L2", "DropoutRate"], Read(json).Options.Space.Select(p => p.Name));
        Assert.Equal(
            ["LearningRate", "L2", "DropoutRate", "Momentum"],
            Read(json, ["--Sweep:Space:Momentum:Values:0=0.5", "--Sweep:Space:l2:Values:0=0.1"]).Options.Space.Select(p => p.Name));
    }

    [Fact]
    public void Enum_values_and_keys_are_case_insensitive()
    {
        var reading = Read("""
            { "sweep": { "strategy": "random", "trials": 3, "dataset": { "kind": "csv", "path": "a.csv", "validationFraction": 0.2 },
              "training": { "optimizer": "sgd" }, "space": { "learningrate": { "min": 0.01, "max": 0.1, "scale": "log" } } } }
            """);

        Assert.Empty(reading.Problems);
        Assert.Equal(SearchStrategy.Random, reading.Options.Strategy);
        Assert.Equal(DatasetKind.Csv, reading.Options.Dataset.Kind);
        Assert.Equal(OptimizerKind.Sgd, reading.Options.Training.Optimizer);
        Assert.Equal("LearningRate", reading.Options.Space.Single().Name);
        Assert.Equal(RangeScale.Log, reading.Options.Space.Single().Range.Scale);
    }

    [Theory]
    [InlineData("\"00:05:00\"", 300)]
    [InlineData("300", 300)]
    [InlineData("\"2.5\"", 2.5)]
    [InlineData("\"30s\"", 30)]
    [InlineData("\"5m\"", 300)]
    [InlineData("\"500ms\"", 0.5)]
    [InlineData("\"2h\"", 7200)]
    public void Trial_timeout_is_a_duration_or_seconds(string value, double seconds)
    {
        var reading = Read($$"""{ "Sweep": { "TrialTimeout": {{value}}, "Dataset": { "ValidationFraction": 0.2 } } }""");

        Assert.Empty(reading.Problems);
        Assert.Equal(TimeSpan.FromSeconds(seconds), reading.Options.TrialTimeout);
    }

    [Fact]
    public void Hidden_reads_layer_lists_in_the_training_section_and_the_space()
    {
        var reading = Read("""
            { "Sweep": { "Dataset": { "ValidationFraction": 0.2 }, "Training": { "Hidden": [256, 128] },
              "Space": { "Hidden": { "Values": [[64], [512], [256, 128]] } } } }
            """);

        Assert.Empty(reading.Problems);
        Assert.Equal([256, 128], reading.Options.Training.Hidden);
        var layers = reading.Options.Space.Single().Range.LayerValues!;
        Assert.Equal(3, layers.Count);
        Assert.Equal([256, 128], layers[2]);
        Assert.Null(reading.Options.Space.Single().Range.Values);
    }

    [Fact]
    public void Command_line_overrides_apply_on_top_of_the_file()
    {
        var reading = Read(
            IssueExample,
            ["--Sweep:Training:Epochs=7", "--Sweep:Space:L2:Values:1=0.001", "--Sweep:Training:BiasL2="]);

        Assert.Empty(reading.Problems.Select(p => p.ToString()));
        Assert.Equal(7, reading.Options.Training.Epochs);
        Assert.Equal([0, 0.001, 5e-3], reading.Options.Space.Single(p => p.Name == "L2").Range.Values!);
        Assert.Null(reading.Options.Training.BiasL2);
    }

    [Fact]
    public void A_wrong_type_names_the_setting_and_the_value()
    {
        Assert.Equal(["Sweep:Training:Epochs = 'abc': must be a whole number"], Problems(WithTraining("\"Epochs\": \"abc\"")));
        Assert.Equal(["Sweep:Training:Epochs: must be a whole number, not a list or object"], Problems(WithTraining("\"Epochs\": [5]")));
        Assert.Equal(["Sweep:Training:L2 = 'true': must be a number"], Problems(WithTraining("\"L2\": true")));
        Assert.Equal(["Sweep:Training:Epochs = '1E+20': must be a whole number"], Problems(WithTraining("\"Epochs\": 1E+20")));
    }

    [Fact]
    public void Whole_numbers_may_be_written_in_exponent_or_decimal_form()
    {
        var reading = Read(WithTraining("\"Epochs\": 1e3, \"BatchSize\": 32.0"));

        Assert.Empty(reading.Problems);
        Assert.Equal(1000, reading.Options.Training.Epochs);
        Assert.Equal(32, reading.Options.Training.BatchSize);
    }

    [Fact]
    public void Unknown_keys_anywhere_are_reported_with_the_nearest_known_name()
    {
        var problems = Problems("""
            { "Sweep": { "Seeed": 1, "Dataset": { "ValidationFraction": 0.2, "Clases": 3 }, "Training": { "Epoch": 5 },
              "Space": { "Droput": { "Values": [0] }, "L2": { "Value": [0] } } } }
            """);

        Assert.Equal(
            [
                "Sweep:Seeed: unknown setting — did you mean Seed?",
                "Sweep:Dataset:Clases: unknown setting — did you mean Classes?",
                "Sweep:Training:Epoch: unknown setting — did you mean Epochs?",
                "Sweep:Space:Droput: unknown setting — did you mean DropoutRate?",
                "Sweep:Space:L2:Value: unknown setting — did you mean Values?",
            ],
            problems);
    }

    [Fact]
    public void An_unknown_key_with_no_near_name_lists_the_known_ones()
    {
        Assert.Equal(
            ["Sweep:Training:Xyz: unknown setting; known here: " + string.Join(", ", TrainingSettings.Section.Keys)],
            Problems(WithTraining("\"Xyz\": 1")));
    }

    [Fact]
    public void An_unknown_enum_value_lists_the_allowed_ones()
    {
        Assert.Equal(
            ["Sweep:Strategy = 'Grdi': must be one of Grid, Random — did you mean Grid?"],
            Problems("""{ "Sweep": { "Strategy": "Grdi", "Dataset": { "ValidationFraction": 0.2 } } }"""));
        Assert.Equal(
            ["Sweep:Training:Optimizer = '1': must be one of Adam, Sgd"],
            Problems(WithTraining("\"Optimizer\": 1")));
    }

    [Fact]
    public void A_setting_that_cannot_be_read_is_reported_once()
    {
        var problems = Problems("""{ "Sweep": { "Strategy": "Random", "Trials": "many", "Dataset": { "ValidationFraction": 0.2 } } }""");

        Assert.Equal(["Sweep:Trials = 'many': must be a whole number"], problems);
    }

    [Fact]
    public void An_unreadable_value_keeps_the_positions_of_the_others()
    {
        var problems = Problems("""
            { "Sweep": { "Dataset": { "ValidationFraction": 0.2 }, "Space": { "DropoutRate": { "Values": ["x", 0.1, 1.2] } } } }
            """);

        Assert.Equal(
            ["Sweep:Space:DropoutRate:Values[0] = 'x': must be a number", "Sweep:Space:DropoutRate:Values[2] = 1.2: must be in [0, 1)"],
            problems);
    }

    [Fact]
    public void Reading_problems_and_validation_problems_come_together()
    {
        var problems = Problems("""
            { "Sweep": { "Repeats": 0, "Dataset": { "ValidationFraction": 1 }, "Training": { "Epochs": "x", "LearningRate": 0 },
              "Space": { "Optimizer": { "Values": [0] } } } }
            """);

        Assert.Equal(5, problems.Length);
        Assert.Contains("Sweep:Training:Epochs = 'x': must be a whole number", problems);
        Assert.Contains("Sweep:Repeats = 0: must be >= 1", problems);
        Assert.Contains("Sweep:Dataset:ValidationFraction = 1: must be in (0, 1)", problems);
        Assert.Contains("Sweep:Training:LearningRate = 0: must be > 0", problems);
        Assert.Contains(problems, p => p.StartsWith("Sweep:Space:Optimizer: not a sweepable setting", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_sweep_section_is_one_problem()
    {
        Assert.Equal(
            ["Sweep: missing: give a sweep file with a top-level \"Sweep\" object (--config FILE)"],
            Problems("""{ "DefaultSweep": "config/default.json" }"""));
    }

    [Fact]
    public void Sections_of_the_wrong_shape_are_named()
    {
        Assert.Equal(
            ["Sweep:Space:L2 = '0.1': must be an object with Values, or Min and Max (with Scale and Count)"],
            Problems("""{ "Sweep": { "Dataset": { "ValidationFraction": 0.2 }, "Space": { "L2": 0.1 } } }"""));
        Assert.Equal(
            ["Sweep:Space:Hidden:Values[0] = '64': must be a list of layer widths such as [512] or [256, 128]"],
            Problems("""{ "Sweep": { "Dataset": { "ValidationFraction": 0.2 }, "Space": { "Hidden": { "Values": [64] } } } }"""));
        Assert.Equal(
            ["Sweep:Dataset: must be an object with the settings " + string.Join(", ", DatasetSettings.Section.Keys) + ", not a list"],
            Problems("""{ "Sweep": { "Dataset": [1, 2] } }""").Take(1));
    }

    [Fact]
    public void A_number_in_the_file_is_exactly_the_double_that_trains()
    {
        // Expected bits: Python's float() of the same text (struct.pack('>d', x).hex()), an independent correctly rounded parse.
        var reading = Read(WithTraining("\"DropoutRate\": 0.12345678901234568, \"L2\": 1e-7, \"LearningRate\": 0.1000000000000000055511151231257827"));

        Assert.Empty(reading.Problems);
        Assert.Equal(0x3FBF9ADD3746F65FL, BitConverter.DoubleToInt64Bits(reading.Options.Training.DropoutRate));
        Assert.Equal(0x3E7AD7F29ABCAF48L, BitConverter.DoubleToInt64Bits(reading.Options.Training.L2));
        Assert.Equal(0x3FB999999999999AL, BitConverter.DoubleToInt64Bits(reading.Options.Training.LearningRate));
    }

    [Fact]
    public void A_number_in_a_space_is_exactly_the_double_that_trains()
    {
        var reading = Read("""
            { "Sweep": { "Dataset": { "ValidationFraction": 0.2 }, "Space": { "L2": { "Values": [1e-7, 0.12345678901234568] } } } }
            """);

        var plan = PlanBuilder.Build(reading.Options);

        Assert.Equal([0x3E7AD7F29ABCAF48L, 0x3FBF9ADD3746F65FL], plan.Trials.Select(t => BitConverter.DoubleToInt64Bits(t.Training.L2)));
    }

    [Fact]
    public void An_override_may_give_a_whole_list_and_a_seed_above_two_to_the_53_as_text()
    {
        var reading = Read(IssueExample, ["--Sweep:Training:Hidden=[256, 128]", "--Sweep:Seed=18446744073709551615", "--Sweep:Seeds=pertrial"]);

        Assert.Empty(reading.Problems);
        Assert.Equal([256, 128], reading.Options.Training.Hidden);
        Assert.Equal(ulong.MaxValue, reading.Options.Seed);
        Assert.Equal(SeedMode.PerTrial, reading.Options.Seeds);
    }

    [Fact]
    public void A_seed_may_be_a_string_as_output_files_write_large_seeds()
    {
        var reading = Read("""{ "Sweep": { "Seed": "9007199254740993", "Dataset": { "ValidationFraction": 0.2 } } }""");

        Assert.Empty(reading.Problems);
        Assert.Equal(9007199254740993UL, reading.Options.Seed);
    }

    [Fact]
    public void An_override_past_the_end_of_a_list_is_refused_naming_it()
    {
        Assert.Equal(
            ["Sweep:Space:L2:Values:5: cannot be set by --Sweep:Space:L2:Values:5: the list has 3 elements, numbered from 0 (give the whole list in the file instead)"],
            Read(IssueExample, ["--Sweep:Space:L2:Values:5=1"]).Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_derived_default_follows_its_source_until_set()
    {
        var unset = Read(WithTraining("\"L2\": 0.001")).Options.Training;
        var set = Read(WithTraining("\"L2\": 0.001, \"BiasL2\": 0.5")).Options.Training;

        Assert.Null(unset.BiasL2);
        Assert.Equal("0.001", TrainingSettings.BiasL2.Format(unset));
        Assert.Equal("0.5", TrainingSettings.BiasL2.Format(set));
        Assert.Equal("= L2", TrainingSettings.BiasL2.DefaultText);
    }
}
