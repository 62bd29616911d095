using System.Text.Json.Nodes;
using DropoutSweep.Core.Settings;
using Xunit;

namespace DropoutSweep.Core.Tests.Settings;

/// <summary>
/// The generated JSON Schema of sweep files: the shipped copy is the generated one, and it states the facts the README and
/// the invalid corpus's messages state (open and closed bounds, the sweepable settings, the rules between settings).
/// </summary>
public sealed class SweepSchemaTests
{
    // Parsed from the text, as an editor reads it.
    private static readonly JsonObject s_schema = JsonNode.Parse(SweepSchema.Text())!.AsObject();

    [Fact]
    public void The_shipped_schema_is_the_one_the_catalogue_generates()
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "config", SweepSchema.FileName));

        Assert.True(
            shipped == SweepSchema.Text(),
            $"config/{SweepSchema.FileName} is not what the catalogue generates; regenerate it from the repository root with " +
            $"`dotnet run --project src/DropoutSweep -- schema > config/{SweepSchema.FileName}`.");
    }

    [Fact]
    public void Ranges_keep_their_open_and_closed_bounds()
    {
        // The corpus's messages: DropoutRate "must be in [0, 1)", LearningRate "must be > 0", ValidationFraction "must be in (0, 1)",
        // Epochs "must be a whole number in [1, 2147483647]", Repeats "must be >= 1".
        var dropout = Setting("Training", "DropoutRate");
        Assert.Equal("number", (string?)dropout["type"]);
        Assert.Equal(0, (double?)dropout["minimum"]);
        Assert.Equal(1, (double?)dropout["exclusiveMaximum"]);
        Assert.Null(dropout["maximum"]);
        Assert.Equal(0, (double?)Setting("Training", "LearningRate")["exclusiveMinimum"]);
        var fraction = Setting("Dataset", "ValidationFraction");
        Assert.Equal(0, (double?)fraction["exclusiveMinimum"]);
        Assert.Equal(1, (double?)fraction["exclusiveMaximum"]);
        Assert.Equal(["number", "null"], fraction["type"]!.AsArray().Select(t => (string?)t));
        var epochs = Setting("Training", "Epochs");
        Assert.Equal("integer", (string?)epochs["type"]);
        Assert.Equal(1, (long?)epochs["minimum"]);
        Assert.Equal(int.MaxValue, (long?)epochs["maximum"]);
        Assert.Equal(1, (long?)Sweep()["properties"]!["Repeats"]!["minimum"]);
    }

    [Fact]
    public void Settings_carry_their_defaults_choices_and_descriptions()
    {
        // README: Strategy Grid (Grid or Random), Seed 42, Optimizer Adam or Sgd, EvaluateEvery 100; BiasL2 defaults to L2.
        var strategy = Sweep()["properties"]!["Strategy"]!;
        Assert.Equal("Grid", (string?)strategy["default"]);
        Assert.Equal(["Grid", "Random"], strategy["enum"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(42, (long?)Sweep()["properties"]!["Seed"]!["default"]);
        Assert.Equal(["Adam", "Sgd"], Setting("Training", "Optimizer")["enum"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(100, (long?)Setting("Training", "EvaluateEvery")["default"]);
        var biasL2 = Setting("Training", "BiasL2");
        Assert.Null(biasL2["default"]);
        Assert.EndsWith("Default: = L2.", (string?)biasL2["description"]);
        Assert.StartsWith("Probability of dropping", (string?)Setting("Training", "DropoutRate")["description"]);
    }

    [Fact]
    public void Unknown_keys_are_refused_at_every_level()
    {
        Assert.False((bool?)s_schema["additionalProperties"]);
        Assert.False((bool?)Sweep()["additionalProperties"]);
        Assert.False((bool?)Section("Training")["additionalProperties"]);
        Assert.False((bool?)Section("Space")["additionalProperties"]);
        Assert.False((bool?)Section("Space")["properties"]!["L2"]!["additionalProperties"]);
        Assert.Equal(["Sweep"], s_schema["required"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public void Space_entries_are_keyed_by_the_sweepable_settings_and_typed_by_them()
    {
        // README, "Sweep:Space": each entry names one of these Training settings.
        string[] sweepable = ["DropoutRate", "L2", "LearningRate", "L1", "Decay", "Epochs", "BatchSize", "Hidden", "Momentum", "BiasL1", "BiasL2", "OutputL1", "OutputL2", "OutputBiasL1", "OutputBiasL2"];
        var space = Section("Space")["properties"]!.AsObject();

        Assert.Equal(sweepable, space.Select(p => p.Key));
        var dropoutValues = space["DropoutRate"]!["properties"]!["Values"]!["items"]!;
        Assert.Equal(1, (double?)dropoutValues["exclusiveMaximum"]);
        Assert.Equal(0, (double?)space["LearningRate"]!["properties"]!["Min"]!["exclusiveMinimum"]);
        var hidden = space["Hidden"]!;
        Assert.Equal(["Values"], hidden["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("array", (string?)hidden["properties"]!["Values"]!["items"]!["type"]);
        Assert.Equal(1, (long?)hidden["properties"]!["Values"]!["items"]!["items"]!["minimum"]);
    }

    [Fact]
    public void Conditional_rules_become_if_then_else()
    {
        // "Path is required for Kind Csv": Kind must be present (Spiral is the default), then Path set and not null.
        var dataset = Section("Dataset");
        var csvPath = dataset["allOf"]!.AsArray().Single(rule =>
            rule!["then"]?["required"]?.AsArray().Select(r => (string?)r).SequenceEqual(["Path"]) == true);
        Assert.Equal(["Csv"], csvPath!["if"]!["properties"]!["Kind"]!["enum"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["Kind"], csvPath["if"]!["required"]!.AsArray().Select(r => (string?)r));

        // "exactly one of ValidationFraction and ValidationSamples for Kind Spiral": Spiral is the default, so Kind may be absent.
        var spiralValidation = dataset["allOf"]!.AsArray().Single(rule => rule!["then"]?["oneOf"] is not null);
        Assert.Null(spiralValidation!["if"]!["required"]);

        // "Trials is required for Strategy Random".
        var trials = Sweep()["allOf"]!.AsArray().Single(rule => rule!["then"]?["required"] is JsonArray r && (string?)r[0] == "Trials");
        Assert.Equal(["Random"], trials!["if"]!["properties"]!["Strategy"]!["enum"]!.AsArray().Select(v => (string?)v));
    }

    private static JsonObject Sweep() => s_schema["properties"]!["Sweep"]!.AsObject();

    private static JsonObject Section(string name) => Sweep()["properties"]![name]!.AsObject();

    private static JsonObject Setting(string section, string name) => Section(section)["properties"]![name]!.AsObject();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DropoutSweep.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("DropoutSweep.sln not found above the test's folder.");
    }
}
