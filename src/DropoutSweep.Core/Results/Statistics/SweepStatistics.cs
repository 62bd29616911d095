using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Results.Statistics;

/// <summary>
/// The statistics of every ranked configuration (<see cref="ConfigurationComparison"/>), in the ranking's order and with
/// its ranks: one computation shared by results.json, report.md and report.html. The test against the best follows
/// the plan's seeds: paired under <see cref="SeedMode.Shared"/> (repeat r of every configuration has one seed), Welch's
/// under <see cref="SeedMode.PerTrial"/>.
/// </summary>
public sealed class SweepStatistics
{
    private SweepStatistics(ComparisonTest test, bool tested, IReadOnlyList<ConfigurationStatistics> configurations)
    {
        Test = test;
        Tested = tested;
        Configurations = configurations;
    }

    /// <summary>The test the p-values come from.</summary>
    public ComparisonTest Test { get; }

    /// <summary>
    /// True when the plan has at least two repeats per configuration and there is a best configuration: only then are
    /// there intervals and p-values (otherwise they are null throughout).
    /// </summary>
    public bool Tested { get; }

    /// <summary>One entry per <see cref="Ranking.Configurations"/> entry, in the same order (<see cref="ConfigurationStatistics.Rank"/> = its rank).</summary>
    public IReadOnlyList<ConfigurationStatistics> Configurations { get; }

    /// <summary>The test for a plan's seeds: paired when repeats share seeds, Welch's otherwise.</summary>
    public static ComparisonTest TestFor(SeedMode seeds) => seeds == SeedMode.Shared ? ComparisonTest.PairedT : ComparisonTest.Welch;

    /// <summary>Computes the statistics of <paramref name="ranking"/>'s configurations against its best.</summary>
    public static SweepStatistics Of(Ranking ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var test = TestFor(ranking.Plan.Options.Seeds);

        // The values the ranking's means are of (ConfigurationScore): every finite one, per configuration in rank order.
        var configurations = new (int Configuration, IReadOnlyList<TrialOutcome> Trials)[ranking.Configurations.Count];
        for (var i = 0; i < configurations.Length; i++)
        {
            var configuration = ranking.Configurations[i];
            var outcomes = new TrialOutcome[configuration.Trials.Count];
            for (var t = 0; t < outcomes.Length; t++)
            {
                var result = configuration.Trials[t].Result;
                outcomes[t] = new TrialOutcome(result.Configuration, result.Repeat, result.ValidationAccuracy, result.ValidationLoss);
            }

            configurations[i] = (configuration.Configuration, outcomes);
        }

        var statistics = ConfigurationComparison.Compute(configurations, test);
        if (ranking.Best is { } best && ranking.Plan.Options.Scheduler.Enabled)
        {
            // A configuration pruned at an earlier rung has metrics of fewer epochs: it is not compared with the best.
            var raw = statistics.Select((s, i) => ranking.Configurations[i].Rung == best.Rung ? s.PValue : null).ToArray();
            var adjusted = ConfigurationComparison.HolmAdjusted(raw);
            statistics = statistics
                .Select((s, i) => s with { PValue = raw[i], PValueHolm = adjusted[i], TiedWithBest = i == 0 ? true : adjusted[i] is { } p ? p >= ConfigurationComparison.TieLevel : null })
                .ToArray();
        }

        var tested = ranking.Plan.Options.Repeats >= 2 && ranking.Best is not null;
        if (!tested)
        {
            // No best to test against (every configuration has a diverged or missing repeat), or one repeat: no p-values.
            statistics = statistics.Select(s => s with { PValue = null, PValueHolm = null, TiedWithBest = ranking.Best is not null && s.Rank == 1 ? true : null }).ToArray();
        }

        return new SweepStatistics(test, tested, statistics);
    }
}
