using System.Globalization;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Results.Statistics;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// <c>halving-compare FULL HALVING</c>: the output folders of the same sweep run in full (no scheduler) and with
/// successive halving. Prints each one's epochs trained and time, the full grid's winner, the configuration successive
/// halving kept to the last rung, its rank in the full grid, and whether the report's statistics
/// (<see cref="ConfigurationComparison"/>, paired t-test on the shared seeds, Holm-adjusted) call it tied with the grid's winner.
/// </summary>
internal static class HalvingComparison
{
    public static void Run(string full, string halving)
    {
        var grid = TrialJournal.Read(full).Results;
        var pruned = TrialJournal.Read(halving).Results;
        Console.WriteLine(Invariant($"full grid: {grid.Count} trials, {grid.Sum(r => (long)r.EpochsRun):N0} epochs, {grid.Sum(r => r.Seconds):F1} s of training"));
        Console.WriteLine(Invariant($"halving:   {pruned.Count} trials, {pruned.Sum(r => (long)r.EpochsRun):N0} epochs, {pruned.Sum(r => r.Seconds):F1} s of training"));

        // The full grid ranked as its report ranks it (every configuration complete): ConfigurationScore, best first.
        var bestFirst = grid.GroupBy(r => r.Configuration)
            .Select(g => ConfigurationScore.Of(g.Key, g.Count(), [.. g.OrderBy(r => r.Repeat)]))
            .Order()
            .Select(score => score.Configuration)
            .ToList();
        var statistics = ConfigurationComparison.Compute(bestFirst, [.. grid.Select(r => new TrialOutcome(r.Configuration, r.Repeat, r.ValidationAccuracy, r.ValidationLoss))], ComparisonTest.PairedT);
        var winner = pruned.Where(r => r.Status == TrialStatus.Completed).Select(r => r.Configuration).Distinct().Single();
        var gridWinner = statistics[0];
        var kept = statistics.Single(s => s.Configuration == winner);
        Console.WriteLine(Invariant($"grid winner: configuration {gridWinner.Configuration}, val_accuracy {gridWinner.ValidationAccuracy.Mean:F4} ± {gridWinner.ValidationAccuracy.StandardDeviation:F4}"));
        Console.WriteLine(Invariant($"halving kept configuration {winner}: rank {kept.Rank} of {statistics.Count} in the grid, val_accuracy {kept.ValidationAccuracy.Mean:F4} ± {kept.ValidationAccuracy.StandardDeviation:F4}, {(kept.Rank == 1 ? "the winner itself" : $"p = {kept.PValue:G3} (Holm {kept.PValueHolm:G3}), tied with the winner: {kept.TiedWithBest}")}"));
        Console.WriteLine(Invariant($"configurations tied with the grid's winner: {statistics.Count(s => s.TiedWithBest == true)}"));
        var same = pruned.Where(r => r.Configuration == winner).OrderBy(r => r.Repeat).Select(r => (r.ValidationAccuracy, r.ValidationLoss));
        var straight = grid.Where(r => r.Configuration == winner).OrderBy(r => r.Repeat).Select(r => (r.ValidationAccuracy, r.ValidationLoss));
        Console.WriteLine($"its final metrics in both sweeps are bit-identical: {same.SequenceEqual(straight)}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
