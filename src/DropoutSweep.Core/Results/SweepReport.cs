namespace DropoutSweep.Core.Results;

/// <summary>Writes the report files of a sweep (<c>results.csv</c>, <c>results.json</c>, <c>report.md</c>), each atomically.</summary>
public static class SweepReport
{
    /// <summary>Ranks <paramref name="results"/> against the plan and writes the three report files into <paramref name="outputDirectory"/>; returns the ranking.</summary>
    public static Ranking Write(string outputDirectory, Search.SweepPlan plan, IReadOnlyList<TrialResult> results, SweepSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var ranking = Ranking.Build(plan, results);
        ResultsCsvWriter.Write(outputDirectory, ranking);
        ResultsJsonWriter.Write(outputDirectory, ranking, summary);
        MarkdownReportWriter.Write(outputDirectory, ranking, summary);
        return ranking;
    }
}
