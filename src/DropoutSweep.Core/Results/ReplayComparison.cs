namespace DropoutSweep.Core.Results;

/// <summary>
/// Compares a trial as the journal holds it with the same trial trained again from the plan (<c>replay</c>): every
/// <see cref="ResultField.Reproducible"/> result field and every value of the learning curve, bit for bit.
/// </summary>
public static class ReplayComparison
{
    /// <summary>Curve values named at most; the count of the rest is given.</summary>
    public const int MaxCurveDifferences = 10;

    /// <summary>One line per difference (<c>valAccuracy: 0.8532 in the journal, 0.8531 replayed</c>); empty when identical.</summary>
    public static IReadOnlyList<string> Differences(TrialResult journaled, LearningCurve journaledCurve, TrialResult replayed, LearningCurve replayedCurve)
    {
        ArgumentNullException.ThrowIfNull(journaled);
        ArgumentNullException.ThrowIfNull(journaledCurve);
        ArgumentNullException.ThrowIfNull(replayed);
        ArgumentNullException.ThrowIfNull(replayedCurve);
        var differences = ResultFields.All
            .Where(field => field.Reproducible && !field.SameValue(journaled, replayed))
            .Select(field => $"{field.JsonName}: {Shown(field.Text(journaled))} in the journal, {Shown(field.Text(replayed))} replayed")
            .ToList();

        if (journaledCurve.Count != replayedCurve.Count)
        {
            differences.Add($"curve: {journaledCurve.Count} evaluations in the journal, {replayedCurve.Count} replayed");
        }

        var curveDifferences = 0;
        for (var i = 0; i < Math.Min(journaledCurve.Count, replayedCurve.Count); i++)
        {
            foreach (var column in CurveColumns.All)
            {
                var (before, after) = (column.Get(journaledCurve[i]), column.Get(replayedCurve[i]));
                if (BitConverter.DoubleToInt64Bits(before) == BitConverter.DoubleToInt64Bits(after))
                {
                    continue;
                }

                if (++curveDifferences <= MaxCurveDifferences)
                {
                    differences.Add($"curve, evaluation {i + 1} (epoch {journaledCurve[i].Epoch}): {column.JsonName} {ReportValues.Metric(before)} in the journal, {ReportValues.Metric(after)} replayed");
                }
            }
        }

        if (curveDifferences > MaxCurveDifferences)
        {
            differences.Add($"curve: {curveDifferences - MaxCurveDifferences} more values differ");
        }

        return differences;
    }

    private static string Shown(string text) => text.Length == 0 ? "(none)" : text;
}
