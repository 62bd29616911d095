using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// How a rung ranks its configurations: by the rung metric averaged over the repeats (summed in repeat order, so the
/// mean does not depend on the order results arrived in), best first, ties broken by configuration number; a
/// configuration with a repeat that diverged, failed or timed out (no finite metric) ranks after every sound one, by
/// configuration number. The best ⌈n/η⌉ of n are promoted.
/// </summary>
public static class RungRanking
{
    /// <summary>⌈<paramref name="configurations"/>/η⌉: how many go on.</summary>
    public static int Quota(int configurations, int reductionFactor) => (configurations + reductionFactor - 1) / reductionFactor;

    /// <summary>
    /// The standings of <paramref name="configurations"/>, each with every repeat's result at the rung (in repeat order),
    /// the best <paramref name="promote"/> marked promoted.
    /// </summary>
    public static IReadOnlyList<RungStanding> Rank(IEnumerable<(int Configuration, IReadOnlyList<TrialResult> Repeats)> configurations, ValidationMetric metric, int promote)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var scored = configurations.Select(c => (c.Configuration, Score: Mean(c.Repeats, metric))).ToList();
        scored.Sort((a, b) => Compare(a.Configuration, a.Score, b.Configuration, b.Score, metric));
        return [.. scored.Select((c, index) => new RungStanding(index + 1, c.Configuration, c.Score ?? double.NaN, c.Score is not null, index < promote))];
    }

    /// <summary>
    /// True when <paramref name="configuration"/> (every repeat's result known) is sure to be among the best
    /// <paramref name="promote"/> whatever the missing results of the others turn out to be: fewer than
    /// <paramref name="promote"/> configurations rank above it or could (a missing accuracy is at most 1, a missing loss
    /// at least 0, and IEEE addition is monotonic, so the best a configuration can still reach is known exactly).
    /// A configuration so promoted before the barrier starts its next rung early; the barrier promotes it all the same.
    /// </summary>
    public static bool CertainlyPromoted(
        int configuration,
        IReadOnlyList<TrialResult> repeats,
        IEnumerable<(int Configuration, IReadOnlyList<TrialResult?> Repeats)> others,
        ValidationMetric metric,
        int promote)
    {
        ArgumentNullException.ThrowIfNull(others);
        if (Mean(repeats, metric) is not { } score)
        {
            return false;
        }

        var above = 0;
        foreach (var (other, results) in others)
        {
            if (other == configuration)
            {
                continue;
            }

            if (results.Any(r => r is not null && !IsSound(r, metric)))
            {
                continue; // ranks after every sound configuration, whatever is missing
            }

            var best = BestPossibleMean(results, metric);
            if (Compare(other, best, configuration, score, metric) < 0 && ++above >= promote)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The mean rung metric over the repeats, or null when a repeat has none (not sound).</summary>
    public static double? Mean(IReadOnlyList<TrialResult> repeats, ValidationMetric metric)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        var sum = 0.0;
        foreach (var result in repeats)
        {
            if (!IsSound(result, metric))
            {
                return null;
            }

            sum += Value(result, metric);
        }

        return repeats.Count == 0 ? null : sum / repeats.Count;
    }

    /// <summary>Negative when configuration a ranks before b.</summary>
    private static int Compare(int a, double? scoreA, int b, double? scoreB, ValidationMetric metric)
    {
        if (scoreA is { } x && scoreB is { } y)
        {
            var better = metric == ValidationMetric.ValLoss ? x.CompareTo(y) : y.CompareTo(x);
            return better != 0 ? better : a.CompareTo(b);
        }

        return scoreA is not null ? -1 : scoreB is not null ? 1 : a.CompareTo(b);
    }

    private static double BestPossibleMean(IReadOnlyList<TrialResult?> repeats, ValidationMetric metric)
    {
        var bound = metric == ValidationMetric.ValLoss ? 0.0 : 1.0;
        var sum = 0.0;
        foreach (var result in repeats)
        {
            sum += result is null ? bound : Value(result, metric);
        }

        return sum / repeats.Count;
    }

    private static bool IsSound(TrialResult result, ValidationMetric metric) =>
        result.Status is TrialStatus.Completed or TrialStatus.Pruned && double.IsFinite(Value(result, metric));

    private static double Value(TrialResult result, ValidationMetric metric) =>
        metric == ValidationMetric.ValLoss ? result.ValidationLoss : result.ValidationAccuracy;
}
