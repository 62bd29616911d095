namespace DropoutSweep.Core.Results;

/// <summary>Writes the report files of a sweep (<see cref="FileNames"/>), each atomically and as a stream.</summary>
public static class SweepReport
{
    /// <summary>The files <see cref="Write"/> writes.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [ResultsCsvWriter.FileName, ResultsJsonWriter.FileName, MarkdownReportWriter.FileName, CurvesCsvWriter.FileName];

    /// <summary>
    /// Ranks <paramref name="results"/> against the plan and writes the report files into <paramref name="outputDirectory"/>
    /// (curves.csv from the curves in its journal); returns the ranking.
    /// </summary>
    public static Ranking Write(string outputDirectory, Search.SweepPlan plan, IReadOnlyList<TrialResult> results, SweepSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var ranking = Ranking.Build(plan, results);
        ResultsCsvWriter.Write(outputDirectory, ranking);
        ResultsJsonWriter.Write(outputDirectory, ranking, summary);
        MarkdownReportWriter.Write(outputDirectory, ranking, summary);
        CurvesCsvWriter.Write(outputDirectory, ranking);
        return ranking;
    }
}
