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

        return Compute(
            configurationsBestFirst.Select(configuration => (configuration, (IReadOnlyList<TrialOutcome>)(byConfiguration.GetValueOrDefault(configuration) ?? []))).ToArray(),
            test);
    }

    /// <summary>
    /// The same for trials already grouped by configuration, best first (<see cref="SweepStatistics"/> has them so from
    /// the ranking): no grouping, and no allocation per configuration beyond its record, for 100,000 configurations.
    /// </summary>
    internal static IReadOnlyList<ConfigurationStatistics> Compute(
        IReadOnlyList<(int Configuration, IReadOnlyList<TrialOutcome> Trials)> configurationsBestFirst,
        ComparisonTest test)
    {
        var best = configurationsBestFirst.Count > 0 ? new Reference(configurationsBestFirst[0].Trials) : null;
        var raw = new double?[configurationsBestFirst.Count];
        for (var index = 1; index < raw.Length; index++)
        {
            raw[index] = PValue(best!, configurationsBestFirst[index].Trials, test);
        }

        var adjusted = HolmAdjusted(raw);
        var result = new ConfigurationStatistics[configurationsBestFirst.Count];
        for (var index = 0; index < result.Length; index++)
        {
            var (configuration, own) = configurationsBestFirst[index];
            result[index] = new ConfigurationStatistics(
                index + 1,
                configuration,
                own.Count,
                Summarise(own, accuracy: true),
                Summarise(own, accuracy: false),
                raw[index],
                adjusted[index],
                index == 0 ? true : adjusted[index] is { } p ? p >= TieLevel : null);
        }

        return result;
    }

    private static MetricStatistics Summarise(IReadOnlyList<TrialOutcome> trials, bool accuracy)
    {
        Span<double> values = trials.Count <= 64 ? stackalloc double[trials.Count] : new double[trials.Count];
        var n = 0;
        foreach (var trial in trials)
        {
            var value = accuracy ? trial.ValidationAccuracy : trial.ValidationLoss;
            if (double.IsFinite(value))
            {
                values[n++] = value;
            }
        }

        return Summarise(values[..n]);
    }

    // Of finite values only.
    private static MetricStatistics Summarise(ReadOnlySpan<double> finite)
    {
        var n = finite.Length;
        if (n == 0)
        {
            return new MetricStatistics(double.NaN, null, null, null, 0);
        }

        var (mean, deviation, _) = MeanAndDeviation.Of(finite);
        if (n < 2)
        {
            return new MetricStatistics(mean, null, null, null, n);
        }


        // mean ± t(1 − α/2, n − 1) · s / √n
        var halfWidth = StudentT.InvCDF(0, 1, n - 1, 1 - ((1 - ConfidenceLevel) / 2)) * deviation / Math.Sqrt(n);
        return new MetricStatistics(mean, deviation, mean - halfWidth, mean + halfWidth, n);
    }

    /// <summary>
    /// Two-sided p-value of the difference of validation accuracy between <paramref name="best"/> and
    /// <paramref name="other"/>; null when there are fewer than two finite values (Welch) or pairs (paired).
    /// </summary>
    internal static double? PValue(IReadOnlyList<TrialOutcome> best, IReadOnlyList<TrialOutcome> other, ComparisonTest test) =>
        PValue(new Reference(best), other, test);

    private static double? PValue(Reference best, IReadOnlyList<TrialOutcome> other, ComparisonTest test) =>
        test switch
        {
            ComparisonTest.PairedT => PairedT(best, other),
            ComparisonTest.Welch => Welch(best, other),
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
    private static double? PairedT(Reference best, IReadOnlyList<TrialOutcome> other)
    {
        Span<double> differences = other.Count <= 64 ? stackalloc double[other.Count] : new double[other.Count];
        Span<int> repeats = other.Count <= 64 ? stackalloc int[other.Count] : new int[other.Count];
        var n = 0;
        var largest = best.LargestMagnitude;
        foreach (var trial in other)
        {
            if (!double.IsFinite(trial.ValidationAccuracy))
            {
                continue;
            }

            // The spread that counts as rounding is taken over both configurations' finite accuracies.
            largest = Math.Max(largest, Math.Abs(trial.ValidationAccuracy));

            // Pairs in the order of the other's trials, the first trial of each repeat number that the best has.
            if (best.ByRepeat.TryGetValue(trial.Repeat, out var bestValue) && !repeats[..n].Contains(trial.Repeat))
            {
                repeats[n] = trial.Repeat;
                differences[n++] = bestValue - trial.ValidationAccuracy;
            }
        }

        if (n < 2)
        {
            return null;
        }

        var d = differences[..n];
        var (mean, deviation, _) = MeanAndDeviation.Of(d);
        if (deviation <= RoundingNoise(largest))
        {
            // No spread: identical results are no evidence of a difference; a constant non-zero difference is certain.
            return d.ContainsAnyExcept(0.0) ? 0.0 : 1.0;
        }

        return TwoSided(mean / (deviation / Math.Sqrt(n)), n - 1);
    }

    // t = (mean₁ − mean₂) / √(s₁²/n₁ + s₂²/n₂), Welch–Satterthwaite degrees of freedom.
    private static double? Welch(Reference best, IReadOnlyList<TrialOutcome> otherTrials)
    {
        Span<double> other = otherTrials.Count <= 64 ? stackalloc double[otherTrials.Count] : new double[otherTrials.Count];
        var n = 0;
        var largest = best.LargestMagnitude;
        foreach (var trial in otherTrials)
        {
            if (double.IsFinite(trial.ValidationAccuracy))
            {
                other[n++] = trial.ValidationAccuracy;
                largest = Math.Max(largest, Math.Abs(trial.ValidationAccuracy));
            }
        }

        var first = best.Finite;
        other = other[..n];
        if (first.Length < 2 || other.Length < 2)
        {
            return null;
        }

        var (mean1, deviation1, _) = MeanAndDeviation.Of(first);
        var (mean2, deviation2, _) = MeanAndDeviation.Of(other);
        var share1 = Math.Pow(deviation1, 2) / first.Length;
        var share2 = Math.Pow(deviation2, 2) / other.Length;
        var shares = share1 + share2;
        var noise = RoundingNoise(largest);
        if (Math.Sqrt(shares) <= noise)
        {
            // The same rule as the paired test's: no spread on either side.
            return Math.Abs(mean1 - mean2) <= noise ? 1.0 : 0.0;
        }

        var freedom = shares * shares / ((share1 * share1 / (first.Length - 1)) + (share2 * share2 / (other.Length - 1)));
        return TwoSided((mean1 - mean2) / Math.Sqrt(shares), freedom);
    }

    /// <summary>
    /// A spread this small is the rounding of the values, not variation: accuracies are counts over the validation rows,
    /// and 0.9 − 0.85 differs from 0.8 − 0.75 in the last bits although both are 5 rows in 100.
    /// </summary>
    private static double RoundingNoise(double largestMagnitude) => 1e-12 * largestMagnitude;

    // 2·P(T ≤ −|t|): the lower tail keeps precision where 1 − CDF would round to 0.
    private static double TwoSided(double t, double freedom) => Math.Min(1.0, 2 * StudentT.CDF(0, 1, freedom, -Math.Abs(t)));

    /// <summary>The best configuration's finite accuracies, by repeat (the first of each) and in order, computed once.</summary>
    private sealed class Reference
    {
        public Reference(IReadOnlyList<TrialOutcome> trials)
        {
            var finite = new List<double>(trials.Count);
            foreach (var trial in trials)
            {
                if (double.IsFinite(trial.ValidationAccuracy))
                {
                    finite.Add(trial.ValidationAccuracy);
                    ByRepeat.TryAdd(trial.Repeat, trial.ValidationAccuracy);
                    LargestMagnitude = Math.Max(LargestMagnitude, Math.Abs(trial.ValidationAccuracy));
                }
            }

            Finite = finite.ToArray();
        }

        public double[] Finite { get; }

        public Dictionary<int, double> ByRepeat { get; } = [];

        public double LargestMagnitude { get; }
    }
}
