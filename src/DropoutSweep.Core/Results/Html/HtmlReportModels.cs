using System.Globalization;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Results.Statistics;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results.Html;

/// <summary>Builds report.html's <see cref="HtmlReportModel"/> from a sweep's ranking, its statistics and its run facts.</summary>
internal static class HtmlReportModels
{
    /// <summary>
    /// The page's model without learning curves, networks and run facts (the curves come from the journal and the
    /// networks from replays, for the few trials <see cref="HtmlReport.CurveTrials"/> and <see cref="HtmlReport.RegionTrials"/>
    /// name; the facts with the summary, <see cref="RunFacts"/>): the swept settings in report order, every ranked
    /// configuration with its statistics, every finished trial and the training points of 2-feature data.
    /// </summary>
    public static HtmlReportModel Of(Ranking ranking, SweepStatistics statistics, Dataset? data)
    {
        var plan = ranking.Plan;
        var swept = ranking.SettingColumns.Where(plan.SweptSettings.Contains).Select(name => TrainingSettings.Section[name]).ToArray();
        var settings = swept
            .Select(setting => new ReportSetting(setting.Name, plan.Options.Space.Any(entry => entry.Name == setting.Name && entry.Range.Scale == RangeScale.Log)))
            .ToArray();
        // With a scheduler, only configurations that reached the best's rung trained as long as it did: the others are
        // not candidates for the comparison with the best (learning curves, decision regions).
        var bestRung = ranking.Best?.Rung;
        var configurations = new ReportConfiguration[ranking.Configurations.Count];
        for (var i = 0; i < configurations.Length; i++)
        {
            var configuration = ranking.Configurations[i];
            var training = configuration.Training; // made from the plan's table at each read
            var values = new ReportSettingValue[swept.Length];
            for (var s = 0; s < swept.Length; s++)
            {
                values[s] = new ReportSettingValue(swept[s].Number(training) ?? double.NaN, swept[s].Format(training));
            }

            configurations[i] = new ReportConfiguration(statistics.Configurations[i], values, training.DropoutRate, configuration.Sound && configuration.Rung == bestRung, configuration.Rung);
        }

        var trials = new ReportTrial[ranking.Trials.Count];
        for (var i = 0; i < trials.Length; i++)
        {
            var result = ranking.Trials[i].Result;
            trials[i] = new ReportTrial(result.TrialId, result.Configuration, result.Repeat, result.Status.ToString(), result.ValidationAccuracy, result.ValidationLoss);
        }

        return new HtmlReportModel
        {
            Title = $"Sweep {plan.Options.Name}",
            IsGrid = plan.Options.Strategy == SearchStrategy.Grid,
            Test = statistics.Tested ? statistics.Test : null,
            Settings = settings,
            Configurations = configurations,
            Trials = trials,
            Points = data is { Features: 2 } ? Points(data) : null,

            // The plan's rung table (no barrier decided yet): the report writer replaces it with the summary's.
            Scheduler = plan.Options.Scheduler.Enabled ? plan.Options.Scheduler : null,
            Rungs = Scheduling.RungTable.Of(plan, []),
        };
    }

    /// <summary>The training rows in the data's own units (the scaling undone), as the saved networks read them.</summary>
    private static TrainingPoints Points(Dataset data)
    {
        var x = new double[data.TrainX.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = data.Scaling.Invert(i % data.Features, data.TrainX[i]);
        }

        return new TrainingPoints(x, data.TrainY);
    }

    /// <summary>The run facts table: trials, plan, seeds, data, classes, the settings not swept, times, tool and machine.</summary>
    public static IReadOnlyList<RunFact> RunFacts(Ranking ranking, SweepSummary summary)
    {
        var plan = ranking.Plan;
        var finished = ranking.Trials.Count;
        var counts = Enum.GetValues<TrialStatus>()
            .Select(status => (status, count: ranking.Trials.Count(trial => trial.Result.Status == status)))
            .Where(pair => pair.count > 0)
            .Select(pair => $"{pair.count.ToString("N0", CultureInfo.InvariantCulture)} {pair.status}");
        var resumed = summary.ResumedTrials > 0 ? $" ({summary.ResumedTrials.ToString("N0", CultureInfo.InvariantCulture)} from an earlier run)" : string.Empty;
        var facts = new List<RunFact>
        {
            new("Trials", $"{finished.ToString("N0", CultureInfo.InvariantCulture)} of {plan.Trials.Count.ToString("N0", CultureInfo.InvariantCulture)} finished{resumed}: {(finished == 0 ? "none" : string.Join(", ", counts))}"),
            new("Plan", string.Create(CultureInfo.InvariantCulture, $"{plan.Options.Strategy}, {plan.Configurations:N0} configurations × {plan.Options.Repeats} repeats, seed {plan.Options.Seed}, hash {plan.Hash}")),
            new("Seeds", plan.Options.Seeds == SeedMode.Shared
                ? "Shared: repeat r of every configuration trains from the same seed, so configurations are compared pairwise (paired t-test, with 2 or more repeats)"
                : "PerTrial: every trial has its own seed, so repeats are independent samples (Welch's t-test, with 2 or more repeats)"),
            new("Data", summary.DatasetName is null ? "—" : summary.DatasetHash is null ? summary.DatasetName : $"{summary.DatasetName} (sha256 {summary.DatasetHash})"),
        };
        if (summary.ClassNames is { } names && names.Where((label, k) => label != k.ToString(CultureInfo.InvariantCulture)).Any())
        {
            var more = names.Count > MarkdownReportWriter.MaxLabels ? $", … ({names.Count - MarkdownReportWriter.MaxLabels} more in {ResultsJsonWriter.FileName})" : string.Empty;
            facts.Add(new("Classes (label → class)", string.Join(", ", names.Take(MarkdownReportWriter.MaxLabels).Select((label, k) => $"{label} → {k}")) + more));
        }

        facts.Add(new("Training settings (not swept)", string.Join(", ", TrainingSettings.Section.Settings
            .Where(setting => !plan.SweptSettings.Contains(setting.Name))
            .Select(setting => $"{setting.Name} {setting.Describe(plan.Options.Training)}"))));
        facts.Add(new("Started, finished", string.Create(CultureInfo.InvariantCulture, $"{summary.StartedAt:yyyy-MM-dd HH:mm:ss zzz}, {summary.FinishedAt:yyyy-MM-dd HH:mm:ss zzz} ({summary.Elapsed.TotalSeconds:0.0} s; {summary.TrialsPerMinute(finished):0.0} trials per minute)")));
        facts.Add(new("Tool, machine", string.Create(CultureInfo.InvariantCulture, $"dropout-sweep {summary.ToolVersion} on {summary.Machine}, {summary.Cores} cores, parallelism {summary.Parallelism}")));
        return facts;
    }
}
