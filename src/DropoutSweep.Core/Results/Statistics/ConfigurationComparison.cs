using MathNet.Numerics.Distributions;

namespace DropoutSweep.Core.Results.Statistics;

/// <summary>
/// The statistics of every configuration of a sweep against the best one: mean, standard deviation and 95 % confidence
/// interval of validation accuracy and loss, and the two-sided p-value of the accuracy difference from the best
/// (paired t-test or Welch's test), Holm-corrected across configurations. The ranking is the caller's: this class
/// takes the configurations in rank order and never reorders them.
/// </summary>
public static class ConfigurationComparison
{
    /// <summary>Adjusted p-values at or above this level count as tied with the best.</summary>
    public const double TieLevel = 0.05;

    /// <summary>Confidence level of the intervals.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>
    /// One record per entry of <paramref name="configurationsBestFirst"/> (rank = position + 1), from the trials of
    /// <paramref name="trials"/> with that configuration number. The first configuration is the best, which the others
    /// are tested against.
    /// </summary>
    public static IReadOnlyList<ConfigurationStatistics> Compute(
        IReadOnlyList<int> configurationsBestFirst,
        IReadOnlyList<TrialOutcome> trials,
        ComparisonTest test)
    {
        ArgumentNullException.ThrowIfNull(configurationsBestFirst);
        ArgumentNullException.ThrowIfNull(trials);
        if (configurationsBestFirst.Distinct().Count() != configurationsBestFirst.Count)
        {
            throw new ArgumentException("A configuration appears more than once in the ranking.", nameof(configurationsBestFirst));
        }

        var byConfiguration = trials.GroupBy(trial => trial.Configuration).ToDictionary(group => group.Key, group => group.ToArray());
        var unranked = byConfiguration.Keys.Except(configurationsBestFirst).Take(1).ToArray();
        if (unranked.Length > 0)
        {
            throw new ArgumentException($"Configuration {unranked[0]} has trials but no rank.", nameof(trials));
        }

        TrialOutcome[] TrialsOf(int configuration) => byConfiguration.GetValueOrDefault(configuration) ?? [];

        var best = configurationsBestFirst.Count > 0 ? TrialsOf(configurationsBestFirst[0]) : [];
        var raw = configurationsBestFirst
            .Select((configuration, index) => index == 0 ? null : PValue(best, TrialsOf(configuration), test))
            .ToArray();
        var adjusted = HolmAdjusted(raw);

        return configurationsBestFirst
            .Select((configuration, index) =>
            {
                var own = TrialsOf(configuration);
                return new ConfigurationStatistics(
                    index + 1,
                    configuration,
                    own.Length,
                    Summarise(own.Select(trial => trial.ValidationAccuracy)),
                    Summarise(own.Select(trial => trial.ValidationLoss)),
                    raw[index],
                    adjusted[index],
                    index == 0 ? true : adjusted[index] is { } p ? p >= TieLevel : null);
            })
            .ToArray();
    }

    /// <summary>Mean, sample standard deviation and Student-t interval of the finite values.</summary>
    public static MetricStatistics Summarise(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        var n = finite.Length;
        if (n == 0)
        {
            return new MetricStatistics(double.NaN, null, null, null, 0);
        }

        var mean = finite.Average();
        if (n < 2)
        {
            return new MetricStatistics(mean, null, null, null, n);
        }

        var deviation = SampleDeviation(finite, mean);

        // mean ± t(1 − α/2, n − 1) · s / √n
        var halfWidth = StudentT.InvCDF(0, 1, n - 1, 1 - ((1 - ConfidenceLevel) / 2)) * deviation / Math.Sqrt(n);
        return new MetricStatistics(mean, deviation, mean - halfWidth, mean + halfWidth, n);
    }

    /// <summary>
    /// Two-sided p-value of the difference of validation accuracy between <paramref name="best"/> and
    /// <paramref name="other"/>; null when there are fewer than two finite values (Welch) or pairs (paired).
    /// </summary>
    internal static double? PValue(IReadOnlyList<TrialOutcome> best, IReadOnlyList<TrialOutcome> other, ComparisonTest test) =>
        test switch
        {
            ComparisonTest.PairedT => PairedT(best, other),
            ComparisonTest.Welch => Welch(
                best.Select(trial => trial.ValidationAccuracy).Where(double.IsFinite).ToArray(),
                other.Select(trial => trial.ValidationAccuracy).Where(double.IsFinite).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(test), test, "Unknown comparison test."),
        };

    /// <summary>
    /// Holm's step-down adjustment of the non-null p-values (m = their count): sorted ascending, the i-th (from 1)
    /// becomes min(1, max over j ≤ i of (m − j + 1)·p(j)). Nulls stay null, in place.
    /// </summary>
    internal static double?[] HolmAdjusted(IReadOnlyList<double?> pValues)
    {
        var tested = pValues
            .Select((p, index) => (P: p, Index: index))
            .Where(entry => entry.P is not null)
            .OrderBy(entry => entry.P!.Value)
            .ThenBy(entry => entry.Index)
            .ToArray();
        var adjusted = new double?[pValues.Count];
        var m = tested.Length;
        var running = 0.0;
        for (var i = 0; i < m; i++)
        {
            running = Math.Max(running, Math.Min(1.0, (m - i) * tested[i].P!.Value));
            adjusted[tested[i].Index] = running;
        }

        return adjusted;
    }

    // Differences of repeats with the same number; t = mean(d) / (s_d / √n), n − 1 degrees of freedom.
    private static double? PairedT(IReadOnlyList<TrialOutcome> best, IReadOnlyList<TrialOutcome> other)
    {
        var bestByRepeat = best
            .Where(trial => double.IsFinite(trial.ValidationAccuracy))
            .GroupBy(trial => trial.Repeat)
            .ToDictionary(group => group.Key, group => group.First().ValidationAccuracy);
        var differences = other
            .Where(trial => double.IsFinite(trial.ValidationAccuracy) && bestByRepeat.ContainsKey(trial.Repeat))
            .GroupBy(trial => trial.Repeat)
            .Select(group => bestByRepeat[group.Key] - group.First().ValidationAccuracy)
            .ToArray();
        var n = differences.Length;
        if (n < 2)
        {
            return null;
        }

        var mean = differences.Average();
        var deviation = SampleDeviation(differences, mean);
        if (deviation <= RoundingNoise(best.Concat(other).Select(trial => trial.ValidationAccuracy).Where(double.IsFinite)))
        {
            // No spread: identical results are no evidence of a difference; a constant non-zero difference is certain.
            return differences.All(d => d == 0) ? 1.0 : 0.0;
        }

        return TwoSided(mean / (deviation / Math.Sqrt(n)), n - 1);
    }

    // t = (mean₁ − mean₂) / √(s₁²/n₁ + s₂²/n₂), Welch–Satterthwaite degrees of freedom.
    private static double? Welch(double[] best, double[] other)
    {
        if (best.Length < 2 || other.Length < 2)
        {
            return null;
        }

        var (mean1, mean2) = (best.Average(), other.Average());
        var share1 = Math.Pow(SampleDeviation(best, mean1), 2) / best.Length;
        var share2 = Math.Pow(SampleDeviation(other, mean2), 2) / other.Length;
        var shares = share1 + share2;
        var noise = RoundingNoise(best.Concat(other));
        if (Math.Sqrt(shares) <= noise)
        {
            // The same rule as the paired test's: no spread on either side.
            return Math.Abs(mean1 - mean2) <= noise ? 1.0 : 0.0;
        }

        var freedom = shares * shares / ((share1 * share1 / (best.Length - 1)) + (share2 * share2 / (other.Length - 1)));
        return TwoSided((mean1 - mean2) / Math.Sqrt(shares), freedom);
    }

    /// <summary>
    /// A spread this small is the rounding of the values, not variation: accuracies are counts over the validation rows,
    /// and 0.9 − 0.85 differs from 0.8 − 0.75 in the last bits although both are 5 rows in 100.
    /// </summary>
    private static double RoundingNoise(IEnumerable<double> values) => 1e-12 * values.Select(Math.Abs).DefaultIfEmpty(0).Max();

    // 2·P(T ≤ −|t|): the lower tail keeps precision where 1 − CDF would round to 0.
    private static double TwoSided(double t, double freedom) => Math.Min(1.0, 2 * StudentT.CDF(0, 1, freedom, -Math.Abs(t)));

    private static double SampleDeviation(double[] values, double mean) =>
        Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
}
