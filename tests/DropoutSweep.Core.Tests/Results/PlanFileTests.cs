using System.Text.Json;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class PlanFileTests : IDisposable
{
    private readonly TemporaryFolder _temporary = new("dropout-sweep-plan-");

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public void The_plan_file_holds_the_hash_tool_version_swept_settings_and_every_trial_with_its_seed_and_settings()
    {
        var plan = Plan([0.0, 0.5], repeats: 2, extra: ("L2", [0.0, 1e-4]));

        PlanFile.Write(_temporary.Path, plan, "1.2.3");

        using var json = JsonDocument.Parse(File.ReadAllText(_temporary.File(PlanFile.FileName)));
        var root = json.RootElement;
        Assert.Equal("toolVersion", root.EnumerateObject().First().Name);
        Assert.Equal("1.2.3", root.GetProperty("toolVersion").GetString());
        Assert.Equal("plan-hash-123", root.GetProperty("hash").GetString());
        Assert.Equal(["DropoutRate", "L2"], root.GetProperty("sweptSettings").EnumerateArray().Select(e => e.GetString()));
        var trials = root.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(8, trials.Length);
        var last = trials[^1];
        Assert.Equal(8, last.GetProperty("trialId").GetInt32());
        Assert.Equal(4, last.GetProperty("configuration").GetInt32());
        Assert.Equal(2, last.GetProperty("repeat").GetInt32());
        Assert.Equal("1007", last.GetProperty("seed").GetString()); // seeds are strings: exact above 2^53 (JsonFormats)
        Assert.Equal(0.5, last.GetProperty("training").GetProperty("dropoutRate").GetDouble());
        Assert.Equal(1e-4, last.GetProperty("training").GetProperty("l2").GetDouble());
        Assert.Equal("Adam", last.GetProperty("training").GetProperty("optimizer").GetString());
    }

    [Fact]
    public void Reading_the_plan_back_gives_its_hash_and_the_same_plan()
    {
        var plan = Plan([0.0, 0.5], repeats: 2) with
        {
            Options = new SweepOptions { Name = "x", TrialTimeout = TimeSpan.FromSeconds(90), Space = [new SweptParameter("DropoutRate", new ParameterRange { Values = [0.0, 0.5] })] },
        };
        PlanFile.Write(_temporary.Path, plan, "1.2.3");

        var stored = PlanFile.Read(_temporary.File(PlanFile.FileName));

        Assert.Equal("plan-hash-123", stored.Hash);
        Assert.Equal("1.2.3", stored.ToolVersion);
        Assert.Null(stored.PlanError);
        Assert.Equal(plan.Trials, stored.Plan!.Trials);
        Assert.Equal(PlanFile.Format(plan, "1.2.3"), PlanFile.Format(stored.Plan, "1.2.3"));
    }

    [Fact]
    public void A_built_plan_reads_back_with_its_hash_fingerprint_and_trials_so_a_resume_can_name_what_differs()
    {
        var options = new SweepOptions
        {
            Repeats = 2,
            Dataset = new DatasetOptions { Samples = 100, ValidationSamples = 50 },
            Space =
            [
                new SweptParameter("DropoutRate", new ParameterRange { Values = [0.0, 0.1] }),
                new SweptParameter("L2", new ParameterRange { Values = [0.0, 5e-4] }),
            ],
        };
        var plan = PlanBuilder.Build(options);
        PlanFile.Write(_temporary.Path, plan, SweepSummary.CurrentToolVersion);

        var stored = PlanFile.Read(_temporary.File(PlanFile.FileName)).Plan!;

        Assert.Equal(plan.Hash, stored.Hash);
        Assert.Equal(plan.Trials, stored.Trials);
        Assert.Equal(plan.Fingerprint, stored.Fingerprint);
        var changed = PlanBuilder.Build(options with { Space = [options.Space[0], new SweptParameter("L2", new ParameterRange { Values = [0.0, 5e-3] })] });
        Assert.Equal("Space.L2.Values", Assert.Single(PlanDifference.Describe(stored.Fingerprint, changed.Fingerprint)).Path);
    }

    [Fact]
    public void A_plan_file_of_another_shape_still_gives_its_hash()
    {
        var path = _temporary.File(PlanFile.FileName);
        File.WriteAllText(path, """{ "toolVersion": "0.0.1", "hash": "old-hash", "trials": "not a list" }""");

        var stored = PlanFile.Read(path);

        Assert.Equal("old-hash", stored.Hash);
        Assert.Null(stored.Plan);
        Assert.NotNull(stored.PlanError);
    }

    [Theory]
    [InlineData("{ \"toolVersion\": \"1\" ")]
    [InlineData("{ \"toolVersion\": \"1\" }")]
    [InlineData("[]")]
    public void A_damaged_plan_file_or_one_without_a_hash_is_an_error_naming_the_file(string content)
    {
        var path = _temporary.File(PlanFile.FileName);
        File.WriteAllText(path, content);

        var error = Assert.Throws<InvalidDataException>(() => PlanFile.Read(path));

        Assert.StartsWith(path, error.Message);
    }
}
