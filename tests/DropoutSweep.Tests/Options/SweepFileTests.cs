using DropoutSweep.Options;
using Xunit;

namespace DropoutSweep.Tests.Options;

public sealed class SweepFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweepfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text, string name = "sweep.json")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Messages(SweepFileCheck check) => check.Problems.Select(p => p.ToString()).ToArray();

    [Fact]
    public void A_missing_file_is_named_as_the_user_wrote_it()
    {
        var check = SweepFile.Check(Path.Combine(_folder, "x.json"), displayName: "x.json");

        Assert.Equal(["config file 'x.json' not found"], Messages(check));
        Assert.Equal(["config file 'x.json' is a folder, not a file"], Messages(SweepFile.Check(_folder, "x.json")));
    }

    [Fact]
    public void Invalid_json_gives_a_one_based_line_and_column()
    {
        var path = Write("{\n  \"Sweep\": {\n    \"Name\": \"x\"\n    \"Seed\": 1\n  }\n}\n");

        var message = Assert.Single(Messages(SweepFile.Check(path, "sweep.json")));

        Assert.StartsWith("config file 'sweep.json' is not valid JSON: line 4, column 5: ", message);
        Assert.DoesNotContain("LineNumber", message);
    }

    [Fact]
    public void Comments_trailing_commas_and_a_byte_order_mark_are_allowed_as_in_appsettings()
    {
        var path = Write("\uFEFF{ // a sweep\n \"Sweep\": { /* defaults */ \"Dataset\": { \"ValidationFraction\": 0.2, }, }, }\n");

        Assert.Empty(SweepFile.Check(path).Problems);
        Assert.True(SweepFile.Read(path).IsValid);
    }

    [Fact]
    public void The_file_needs_a_top_level_sweep_object()
    {
        Assert.Equal(
            ["config file 's.json' has no top-level \"Sweep\" object (found \"Swep\" — did you mean Sweep?)"],
            Messages(SweepFile.Check(Write("""{ "Swep": {} }"""), "s.json")));
        Assert.Equal(
            ["config file 's.json' has no top-level \"Sweep\" object"],
            Messages(SweepFile.Check(Write("""{ "Serilog": {} }"""), "s.json")));
        Assert.Equal(
            ["config file 's.json': \"Sweep\" must be an object, not a number"],
            Messages(SweepFile.Check(Write("""{ "Sweep": 3 }"""), "s.json")));
        Assert.Equal(
            ["config file 's.json' must hold a JSON object with a \"Sweep\" object inside, not a list"],
            Messages(SweepFile.Check(Write("[]"), "s.json")));
    }

    [Fact]
    public void Keys_that_differ_only_in_case_are_duplicates()
    {
        var path = Write("""{ "Sweep": { "Space": { "L2": { "Values": [0] }, "l2": { "Values": [1] } } } }""");

        Assert.Equal(["config file 's.json': duplicate key 'Sweep:Space:l2' (keys ignore case)"], Messages(SweepFile.Check(path, "s.json")));
    }

    [Fact]
    public void The_check_keeps_the_order_of_the_space_entries()
    {
        var path = Write("""{ "Sweep": { "Space": { "LearningRate": {}, "L2": {}, "DropoutRate": {} } } }""");

        Assert.Equal(["LearningRate", "L2", "DropoutRate"], SweepFile.Check(path).Document!["Sweep"]!["Space"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void A_top_level_key_outside_the_known_sections_is_refused_with_the_key_meant()
    {
        var path = Write("""{ "Sweep": { "Dataset": { "ValidationFraction": 0.2 } }, "Training": { "Epochs": 5 }, "Serilg": {} }""");

        Assert.Equal(
            [
                "config file 's.json': unknown section 'Training' — did you mean Sweep:Training?",
                "config file 's.json': unknown section 'Serilg' — did you mean Serilog?",
            ],
            Messages(SweepFile.Check(path, "s.json")));
        Assert.True(SweepFile.Check(Write("""{ "$schema": "sweep.schema.json", "Sweep": {} }""")).IsValid);
    }

    [Fact]
    public void Reading_a_file_plans_its_space_in_file_order()
    {
        var path = Write("""
            { "Sweep": { "Dataset": { "ValidationFraction": 0.2 }, "Training": { "Epochs": 3 },
              "Space": { "L2": { "Values": [0, 0.001] }, "DropoutRate": { "Values": [0, 0.1, 0.2] } } } }
            """);

        var reading = SweepFile.Read(path);

        Assert.True(reading.IsValid);
        var plan = DropoutSweep.Core.Search.PlanBuilder.Build(reading.Options);
        Assert.Equal(["L2", "DropoutRate"], plan.SweptSettings);
        Assert.Equal([0, 0, 0, 0.001, 0.001, 0.001], plan.Trials.Select(t => t.Training.L2));
    }

    public static TheoryData<string> ShippedSweeps() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config"), "*.json").Select(Path.GetFileName).OfType<string>().Where(f => f != DropoutSweep.Core.Settings.SweepSchema.FileName)];

    [Theory]
    [MemberData(nameof(ShippedSweeps))]
    public void Every_shipped_sweep_file_reads_without_a_problem(string file)
    {
        // Its data files need not exist here (Fashion-MNIST is a Debian package): only the settings are read.
        var reading = SweepFile.Read(Path.Combine(AppContext.BaseDirectory, "config", file));

        Assert.Empty(reading.Problems.Select(p => p.ToString()));
    }
}
