using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Results.Statistics;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Results;

/// <summary>
/// Writes the report files of a sweep (<see cref="FileNames"/>, the charts in <c>charts/</c> and, when the best
/// configuration's network is given, <c>best-model.json</c>), each atomically and as a stream. Ranking, statistics and
/// the set of trials whose curves and networks are drawn are derived once (<see cref="Rank"/>) and shared by every file.
/// </summary>
public static class SweepReport
{
    /// <summary>The files every report has.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [ResultsCsvWriter.FileName, ResultsJsonWriter.FileName, MarkdownReportWriter.FileName, CurvesCsvWriter.FileName, HtmlReport.FileName];

    /// <summary>Ranks <paramref name="results"/> against the plan, computes the statistics and names the trials whose networks the report needs.</summary>
    /// <param name="data">The sweep's data (the decision regions' training points, for 2-feature data); null leaves them out.</param>
    public static RankedSweep Rank(SweepPlan plan, IReadOnlyList<TrialResult> results, Dataset? data)
    {
        var ranking = Ranking.Build(plan, results);
        var statistics = SweepStatistics.Of(ranking);
        var page = HtmlReportModels.Of(ranking, statistics, data);
        IReadOnlyList<ReportTrial> shown = page.Points is null
            ? HtmlReport.RegionTrials(page).Take(1).ToArray()
            : HtmlReport.RegionTrials(page);
        return new RankedSweep(ranking, statistics, page, shown.Select(trial => plan.Trial(trial.Trial)!).ToArray());
    }

    /// <summary>
    /// Ranks <paramref name="results"/> against the plan and writes the report files into <paramref name="outputDirectory"/>
    /// (curves.csv and the drawn curves from its journal), without networks: no decision regions, no best-model.json.
    /// Returns the ranking.
    /// </summary>
    public static Ranking Write(string outputDirectory, SweepPlan plan, IReadOnlyList<TrialResult> results, SweepSummary summary)
    {
        var sweep = Rank(plan, results, data: null);
        Write(outputDirectory, sweep, summary, [], networksNote: null);
        return sweep.Ranking;
    }

    /// <summary>
    /// Writes the report files of <paramref name="sweep"/> into <paramref name="outputDirectory"/>. <paramref name="networks"/>
    /// holds the trained networks of (some of) <see cref="RankedSweep.NetworkTrials"/>: the best one becomes best-model.json
    /// and, with the others, the decision regions. Without it, an earlier best-model.json is removed (it would belong to
    /// another ranking) and the page says why there are no decision regions (<paramref name="networksNote"/>).
    /// </summary>
    public static void Write(string outputDirectory, RankedSweep sweep, SweepSummary summary, IReadOnlyList<TrialNetwork> networks, string? networksNote)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(networks);
        var ranking = sweep.Ranking;
        ResultsCsvWriter.Write(outputDirectory, ranking);
        ResultsJsonWriter.Write(outputDirectory, ranking, summary, sweep.Statistics);
        var curves = CurvesCsvWriter.Write(outputDirectory, ranking, HtmlReport.CurveTrials(sweep.Page));

        var byTrial = networks.ToDictionary(network => network.TrialId);
        var shown = sweep.NetworkTrials.Where(trial => byTrial.ContainsKey(trial.TrialId)).ToArray();
        var best = sweep.BestModelTrial is { } bestTrial && byTrial.TryGetValue(bestTrial.TrialId, out var bestNetwork) ? bestNetwork : null;
        var bestModelFact = best is not null
            ? $"{ModelFile.BestModelFileName}: the network of trial {best.TrialId} (the best configuration's first repeat), replayed from the plan"
            : $"none written{(networksNote is null ? string.Empty : $": {networksNote}")}";
        var page = sweep.Page with
        {
            Complete = ReportFacts.IsComplete(ranking, summary),
            Rungs = Scheduling.RungTable.Of(ranking.Plan, summary.RungDecisions),
            Facts = [.. HtmlReportModels.RunFacts(ranking, summary), new RunFact("Best model", bestModelFact)],
            Curves = curves,

            // Both panels or none: the point of the chart is the comparison.
            DecisionRegions = sweep.Page.Points is not null && shown.Length == sweep.NetworkTrials.Count
                ? shown.Select(trial => new DecisionRegionPanel(trial.Configuration, byTrial[trial.TrialId].Model)).ToArray()
                : [],
            RegionsNote = networksNote,
        };
        var charts = HtmlReport.Write(outputDirectory, page);
        MarkdownReportWriter.Write(outputDirectory, ranking, summary, sweep.Statistics, charts);

        var modelPath = Path.Combine(outputDirectory, ModelFile.BestModelFileName);
        if (best is not null)
        {
            ModelFile.Write(modelPath, best.Model);
        }
        else if (File.Exists(modelPath))
        {
            File.Delete(modelPath);
        }
    }
}
