using System.Text.Json;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

/// <summary>
/// results.json's <c>configurations</c> array for a sweep of three configurations × four repeats. The accuracies are
/// those of <see cref="ConfigurationComparisonTests"/>, whose reference numbers come from SciPy 1.10.1 and statsmodels
/// 0.13.5 (printed with repr(); the calls are written there): the best (0.90, 0.92, 0.91, 0.93), a second (0.88, 0.91,
/// 0.87, 0.90) and a level one (0.91, 0.92, 0.90, 0.93) whose mean equals the best's and whose loss is higher.
/// </summary>
public sealed class ConfigurationsJsonTests
{
    private static readonly double[] Best = [0.90, 0.92, 0.91, 0.93];
    private static readonly double[] BestLoss = [0.30, 0.25, 0.28, 0.27];
    private static readonly double[] Second = [0.88, 0.91, 0.87, 0.90];
    private static readonly double[] Level = [0.91, 0.92, 0.90, 0.93];

    [Fact]
    public void Each_configuration_has_its_rank_settings_statistics_and_paired_test_under_shared_seeds()
    {
        var configurations = Configurations(SeedMode.Shared, out var sweep);

        Assert.Equal("paired t-test", sweep.GetProperty("test").GetString());
        Assert.Equal(
            [
                "rank", "config", "dropoutRate", "repeats",
                "valAccuracyMean", "valAccuracyStd", "valAccuracyCiLow", "valAccuracyCiHigh",
                "valLossMean", "valLossStd", "valLossCiLow", "valLossCiHigh",
                "pValue", "pValueHolm", "tiedWithBest",
            ],
            configurations[0].EnumerateObject().Select(p => p.Name));

        // Ranked by mean accuracy, then mean loss: the best (config 1) before the level one (config 2, loss 0.28 > 0.275).
        Assert.Equal([1, 2, 3], configurations.Select(c => c.GetProperty("rank").GetInt32()));
        Assert.Equal([1, 2, 3], configurations.Select(c => c.GetProperty("config").GetInt32()));
        Assert.Equal([0.0, 0.1, 0.2], configurations.Select(c => c.GetProperty("dropoutRate").GetDouble()));
        Assert.All(configurations, c => Assert.Equal(4, c.GetProperty("repeats").GetInt32()));

        var best = configurations[0];
        Close(0.915, best, "valAccuracyMean");
        Close(0.012909944487358068, best, "valAccuracyStd");
        Close(0.8944573974323913, best, "valAccuracyCiLow");
        Close(0.9355426025676088, best, "valAccuracyCiHigh");
        Close(0.275, best, "valLossMean");
        Close(0.020816659994661323, best, "valLossStd");
        Close(0.2418760486558157, best, "valLossCiLow");
        Close(0.30812395134418435, best, "valLossCiHigh");
        Assert.Equal(JsonValueKind.Null, best.GetProperty("pValue").ValueKind);
        Assert.Equal(JsonValueKind.Null, best.GetProperty("pValueHolm").ValueKind);
        Assert.True(best.GetProperty("tiedWithBest").GetBoolean());

        // stats.ttest_rel(best, level).pvalue → 1.0; stats.ttest_rel(best, second).pvalue → 0.030466291662170977.
        // Holm over these two (by hand): 2 × 0.0305 = 0.0609, then max(0.0609, 1 × 1.0) = 1.0.
        Close(1.0, configurations[1], "pValue");
        Close(1.0, configurations[1], "pValueHolm");
        Assert.True(configurations[1].GetProperty("tiedWithBest").GetBoolean());
        Close(0.030466291662170977, configurations[2], "pValue");
        Close(2 * 0.030466291662170977, configurations[2], "pValueHolm");
        Assert.True(configurations[2].GetProperty("tiedWithBest").GetBoolean());
    }

    [Fact]
    public void Per_trial_seeds_compare_with_welchs_test()
    {
        var configurations = Configurations(SeedMode.PerTrial, out var sweep);

        // stats.ttest_ind(best, second, equal_var=False).pvalue → 0.07162997584832155; with level → 1.0.
        Assert.Equal("Welch's t-test", sweep.GetProperty("test").GetString());
        Close(1.0, configurations[1], "pValue");
        Close(0.07162997584832155, configurations[2], "pValue");
        Close(2 * 0.07162997584832155, configurations[2], "pValueHolm");
    }

    [Fact]
    public void With_one_repeat_there_are_means_but_no_deviation_interval_or_test()
    {
        var plan = Plan([0.0, 0.1]);
        using var json = JsonDocument.Parse(ResultsJsonWriter.Format(Ranking.Build(plan, [Completed(plan, 1, 0.5), Completed(plan, 2, 0.7)]), Summary()));

        var configurations = json.RootElement.GetProperty("configurations").EnumerateArray().ToArray();
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("sweep").GetProperty("test").ValueKind);
        Assert.Equal(0.7, configurations[0].GetProperty("valAccuracyMean").GetDouble());
        foreach (var name in new[] { "valAccuracyStd", "valAccuracyCiLow", "valAccuracyCiHigh", "pValue", "pValueHolm" })
        {
            Assert.All(configurations, c => Assert.Equal(JsonValueKind.Null, c.GetProperty(name).ValueKind));
        }

        Assert.True(configurations[0].GetProperty("tiedWithBest").GetBoolean());
        Assert.Equal(JsonValueKind.Null, configurations[1].GetProperty("tiedWithBest").ValueKind);
    }

    private static JsonElement[] Configurations(SeedMode seeds, out JsonElement sweep)
    {
        var plan = Plan([0.0, 0.1, 0.2], repeats: 4);
        plan = plan with { Options = plan.Options with { Seeds = seeds } };
        double[][] accuracies = [Best, Level, Second];
        double[][] losses = [BestLoss, [0.29, 0.26, 0.30, 0.27], [0.35, 0.31, 0.36, 0.30]];
        var results = plan.Trials.Select(t => Completed(plan, t.TrialId, accuracies[t.Configuration - 1][t.Repeat - 1], losses[t.Configuration - 1][t.Repeat - 1])).ToArray();
        var json = JsonDocument.Parse(ResultsJsonWriter.Format(Ranking.Build(plan, results), Summary()));
        sweep = json.RootElement.GetProperty("sweep").Clone();
        return json.RootElement.GetProperty("configurations").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    private static void Close(double expected, JsonElement configuration, string name) =>
        Assert.Equal(expected, configuration.GetProperty(name).GetDouble(), 1e-12);
}
