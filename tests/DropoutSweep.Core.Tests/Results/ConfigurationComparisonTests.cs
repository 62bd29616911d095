using DropoutSweep.Core.Results.Statistics;
using Xunit;

namespace DropoutSweep.Core.Tests.Results;

/// <summary>
/// Reference numbers from SciPy 1.10.1 and statsmodels 0.13.5 (Debian bookworm's python3-scipy and
/// python3-statsmodels), printed with repr() by the calls written above each test.
/// </summary>
public sealed class ConfigurationComparisonTests
{
    // Four repeats of the best configuration (7), two others with four, one with three (repeats 1..3).
    private static readonly double[] Best = [0.90, 0.92, 0.91, 0.93];
    private static readonly double[] BestLoss = [0.30, 0.25, 0.28, 0.27];
    private static readonly double[] Second = [0.88, 0.91, 0.87, 0.90];
    private static readonly double[] Level = [0.91, 0.92, 0.90, 0.93];
    private static readonly double[] Short = [0.85, 0.91, 0.80];

    private static readonly int[] Order = [7, 2, 5, 9];

    private static TrialOutcome[] Trials() =>
    [
        .. Outcomes(7, Best, BestLoss),
        .. Outcomes(2, Second, [0.35, 0.31, 0.36, 0.30]),
        .. Outcomes(5, Level, [0.29, 0.26, 0.30, 0.27]),
        .. Outcomes(9, Short, [0.40, 0.33, 0.45]),
    ];

    // x = np.array([0.90, 0.92, 0.91, 0.93]); x.mean(), x.std(ddof=1), stats.t.interval(0.95, 3, loc=x.mean(), scale=stats.sem(x))
    // → 0.915 0.012909944487358068 (0.8944573974323913, 0.9355426025676088); the same for the loss [0.30, 0.25, 0.28, 0.27]
    // → 0.275 0.020816659994661323 (0.2418760486558157, 0.30812395134418435); for [0.85, 0.91, 0.80] (2 degrees of freedom)
    // → 0.8533333333333334 0.05507570547286102 (0.7165176963618, 0.9901489703048668).
    [Fact]
    public void Mean_deviation_and_interval_equal_scipy()
    {
        var statistics = ConfigurationComparison.Compute(Order, Trials(), ComparisonTest.PairedT);

        AssertMetric(statistics[0].ValidationAccuracy, 0.915, 0.012909944487358068, 0.8944573974323913, 0.9355426025676088, 4);
        AssertMetric(statistics[0].ValidationLoss, 0.275, 0.020816659994661323, 0.2418760486558157, 0.30812395134418435, 4);
        AssertMetric(statistics[3].ValidationAccuracy, 0.8533333333333334, 0.05507570547286102, 0.7165176963618, 0.9901489703048668, 3);
        Assert.Equal([1, 2, 3, 4], statistics.Select(s => s.Rank));
        Assert.Equal(Order, statistics.Select(s => s.Configuration));
        Assert.Equal([4, 4, 4, 3], statistics.Select(s => s.Repeats));
    }

    // stats.ttest_rel(best, c2).pvalue, stats.ttest_rel(best, c5).pvalue, stats.ttest_rel(best[:3], c9).pvalue
    // → 0.030466291662170977, 1.0, 0.1904761904761903;
    // multipletests(p, method='holm')[1] → 0.09139887498651293, 1.0, 0.3809523809523806.
    [Fact]
    public void Paired_p_values_pair_repeats_by_number_and_equal_scipy_with_holm_from_statsmodels()
    {
        var statistics = ConfigurationComparison.Compute(Order, Trials(), ComparisonTest.PairedT);

        Assert.Null(statistics[0].PValue);
        Assert.Null(statistics[0].PValueHolm);
        AssertClose([0.030466291662170977, 1.0, 0.1904761904761903], statistics.Skip(1).Select(s => s.PValue!.Value));
        AssertClose([0.09139887498651293, 1.0, 0.3809523809523806], statistics.Skip(1).Select(s => s.PValueHolm!.Value));
        Assert.Equal([true, true, true, true], statistics.Select(s => s.TiedWithBest));
    }

    // stats.ttest_ind(best, c, equal_var=False).pvalue for c2, c5, c9
    // → 0.07162997584832155, 1.0, 0.18791515738945894; Holm → 0.21488992754496467, 1.0, 0.3758303147789179.
    [Fact]
    public void Welch_p_values_equal_scipy_with_holm_from_statsmodels()
    {
        var statistics = ConfigurationComparison.Compute(Order, Trials(), ComparisonTest.Welch);

        AssertClose([0.07162997584832155, 1.0, 0.18791515738945894], statistics.Skip(1).Select(s => s.PValue!.Value));
        AssertClose([0.21488992754496467, 1.0, 0.3758303147789179], statistics.Skip(1).Select(s => s.PValueHolm!.Value));
    }

    // multipletests([0.030466291662170977, 0.18791515738945894, 0.01, 0.5], method='holm')[1]
    // → 0.09139887498651293, 0.3758303147789179, 0.04, 0.5 (and by hand: sorted 0.01·4, 0.0305·3, 0.188·2, 0.5·1).
    [Fact]
    public void Holm_adjustment_equals_statsmodels_and_leaves_untested_entries_null()
    {
        var adjusted = ConfigurationComparison.HolmAdjusted([null, 0.030466291662170977, 0.18791515738945894, null, 0.01, 0.5]);

        Assert.Null(adjusted[0]);
        Assert.Null(adjusted[3]);
        AssertClose([0.09139887498651293, 0.3758303147789179, 0.04, 0.5], [adjusted[1]!.Value, adjusted[2]!.Value, adjusted[4]!.Value, adjusted[5]!.Value]);
    }

    [Fact]
    public void Paired_differences_without_spread_give_p_1_when_all_zero_and_0_otherwise()
    {
        TrialOutcome[] trials =
        [
            .. Outcomes(1, [0.9, 0.8, 0.7], [0.1, 0.2, 0.3]),
            .. Outcomes(2, [0.9, 0.8, 0.7], [0.1, 0.2, 0.3]),
            .. Outcomes(3, [0.85, 0.75, 0.65], [0.1, 0.2, 0.3]),
        ];

        var statistics = ConfigurationComparison.Compute([1, 2, 3], trials, ComparisonTest.PairedT);

        Assert.Equal(1.0, statistics[1].PValue);
        Assert.Equal(0.0, statistics[2].PValue);
        Assert.Equal(true, statistics[1].TiedWithBest);
        Assert.Equal(false, statistics[2].TiedWithBest);
    }

    [Fact]
    public void Welch_without_spread_on_either_side_gives_p_1_for_equal_means_and_0_otherwise()
    {
        TrialOutcome[] trials =
        [
            .. Outcomes(1, [0.9, 0.9, 0.9], [0.1, 0.2, 0.3]),
            .. Outcomes(2, [0.9, 0.9], [0.1, 0.2]),
            .. Outcomes(3, [0.85, 0.85, 0.85], [0.1, 0.2, 0.3]),
        ];

        var statistics = ConfigurationComparison.Compute([1, 2, 3], trials, ComparisonTest.Welch);

        Assert.Equal(1.0, statistics[1].PValue);
        Assert.Equal(0.0, statistics[2].PValue);
    }

    [Fact]
    public void A_single_repeat_has_a_mean_but_no_deviation_interval_or_test()
    {
        TrialOutcome[] trials = [new(1, 1, 0.9, 0.2), new(2, 1, 0.8, 0.3)];

        var statistics = ConfigurationComparison.Compute([1, 2], trials, ComparisonTest.PairedT);

        Assert.Equal(0.8, statistics[1].ValidationAccuracy.Mean);
        Assert.Null(statistics[1].ValidationAccuracy.StandardDeviation);
        Assert.Null(statistics[1].ValidationAccuracy.CiLow);
        Assert.Null(statistics[1].PValue);
        Assert.Null(statistics[1].TiedWithBest);
    }

    [Fact]
    public void Diverged_repeats_are_left_out_of_the_statistics_and_of_the_pairs()
    {
        // Repeat 2 of configuration 2 diverged: the pairs are repeats 1 and 3, so d = (0.02, 0.05) as for
        // stats.ttest_rel([0.90, 0.91], [0.88, 0.86]).pvalue → 0.25776211681831307.
        TrialOutcome[] trials =
        [
            .. Outcomes(1, [0.90, 0.92, 0.91], [0.3, 0.2, 0.25]),
            new(2, 1, 0.88, 0.4), new(2, 2, double.NaN, double.NaN), new(2, 3, 0.86, 0.5),
        ];

        var statistics = ConfigurationComparison.Compute([1, 2], trials, ComparisonTest.PairedT);

        Assert.Equal(2, statistics[1].ValidationAccuracy.Count);
        Assert.Equal(0.87, statistics[1].ValidationAccuracy.Mean, 1e-15);
        Assert.Equal(0.25776211681831307, statistics[1].PValue!.Value, 1e-12);
    }

    [Fact]
    public void A_trial_of_a_configuration_outside_the_ranking_is_refused()
    {
        TrialOutcome[] trials = [new(1, 1, 0.9, 0.2), new(4, 1, 0.8, 0.3)];

        var error = Assert.Throws<ArgumentException>(() => ConfigurationComparison.Compute([1], trials, ComparisonTest.Welch));
        Assert.Contains("Configuration 4", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<TrialOutcome> Outcomes(int configuration, double[] accuracy, double[] loss) =>
        accuracy.Select((value, index) => new TrialOutcome(configuration, index + 1, value, loss[index]));

    private static void AssertMetric(MetricStatistics metric, double mean, double deviation, double low, double high, int count)
    {
        Assert.Equal(count, metric.Count);
        Assert.Equal(mean, metric.Mean, 1e-14);
        Assert.Equal(deviation, metric.StandardDeviation!.Value, 1e-14);
        // MathNet finds the t quantile by a numerical root search, good to about 1e-11 here; reports print 4 decimals.
        Assert.Equal(low, metric.CiLow!.Value, 1e-10);
        Assert.Equal(high, metric.CiHigh!.Value, 1e-10);
    }

    private static void AssertClose(double[] expected, IEnumerable<double> actual)
    {
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"[{i}] expected {expected[i]:R}, got {values[i]:R}");
        }
    }
}
