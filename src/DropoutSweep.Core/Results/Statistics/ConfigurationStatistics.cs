namespace DropoutSweep.Core.Results.Statistics;

/// <summary>
/// One configuration's statistics, as results.json's <c>configurations</c> array and the reports show them.
/// <see cref="PValue"/> is the raw two-sided p-value of the difference of its validation accuracy from the best
/// configuration's, <see cref="PValueHolm"/> the same after Holm's correction across all tested configurations; both
/// are null for the best itself and for a configuration that cannot be tested (fewer than two values or pairs).
/// <see cref="TiedWithBest"/> is true for the best itself and where the adjusted p-value is at least 0.05, null where
/// there is no test.
/// </summary>
public sealed record ConfigurationStatistics(
    int Rank,
    int Configuration,
    int Repeats,
    MetricStatistics ValidationAccuracy,
    MetricStatistics ValidationLoss,
    double? PValue,
    double? PValueHolm,
    bool? TiedWithBest)
{
    /// <summary>Its "tied with the best" cell in the reports' tables: <c>best</c> for the best itself, <c>yes</c>, <c>no</c>, or <paramref name="untested"/>.</summary>
    public string TieText(string untested) =>
        Rank == 1 ? "best" : TiedWithBest switch { true => "yes", false => "no", null => untested };
}
