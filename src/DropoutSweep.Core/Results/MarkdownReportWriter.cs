using System.Globalization;
using System.Text;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>report.md</c>: the best configuration with every setting, the ranked table (mean ± std when repeated), a
/// per-parameter summary, the trials that did not complete with their reasons, and the run's facts. A partial sweep
/// is marked INCOMPLETE at the top.
/// </summary>
public static class MarkdownReportWriter
{
    public const string FileName = "report.md";

    /// <summary>Configurations listed in the ranked table; the full ranking is in <c>results.csv</c>.</summary>
    public const int MaxRankedRows = 50;

    /// <summary>The report's text.</summary>
    public static string Format(Ranking ranking, SweepSummary summary)
    {
        var plan = ranking.Plan;
        var complete = ReportFacts.IsComplete(ranking, summary);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Sweep `{plan.Options.Name}`{(complete ? string.Empty : " — INCOMPLETE")}\n\n");
        if (!complete)
        {
            text.Append(CultureInfo.InvariantCulture, $"> **INCOMPLETE**: {ranking.Trials.Count} of {plan.Trials.Count} trials finished; the ranking covers those only.\n\n");
        }

        AppendBest(text, ranking);
        AppendRanking(text, ranking);
        AppendRungs(text, ranking, summary);
        AppendParameterSummary(text, ranking);
        AppendProblems(text, ranking);
        AppendFacts(text, ranking, summary);
        return text.ToString();
    }

    /// <summary>Writes <c>report.md</c> into <paramref name="outputDirectory"/> atomically.</summary>
    public static void Write(string outputDirectory, Ranking ranking, SweepSummary summary) =>
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, FileName), Format(ranking, summary));

    private static void AppendBest(StringBuilder text, Ranking ranking)
    {
        text.Append("## Best configuration\n\n");
        if (ranking.Best is not { } best)
        {
            text.Append("No trial completed with finite metrics.\n\n");
            return;
        }

        var repeats = best.Trials.Count == 1 ? "1 trial" : $"mean ± std over {best.Trials.Count} repeats";
        text.Append(CultureInfo.InvariantCulture, $"Validation accuracy **{best.ValidationAccuracy.Format()}**, validation loss {best.ValidationLoss.Format()} ({repeats}; configuration {best.Configuration}, trials {string.Join(", ", best.Trials.Select(t => t.Spec.TrialId))}).\n\n");
        text.Append("| setting | value |\n| --- | --- |\n");
        foreach (var setting in TrainingSettings.Section.Settings)
        {
            var swept = ranking.Plan.SweptSettings.Contains(setting.Name) ? " (swept)" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"| {setting.Name}{swept} | {setting.Describe(best.Training)} |\n");
        }

        text.Append('\n');
    }

    private static void AppendRanking(StringBuilder text, Ranking ranking)
    {
        text.Append("## Ranking\n\n");
        if (ranking.Configurations.Count == 0)
        {
            text.Append("No trial finished.\n\n");
            return;
        }

        var repeated = ranking.Configurations.Any(c => c.Trials.Count > 1);
        var columns = ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Column).ToArray();
        text.Append(CultureInfo.InvariantCulture, $"Ranked by mean final validation accuracy{(repeated ? " over repeats (mean ± sample std)" : string.Empty)}, then validation loss.\n\n");
        text.Append("| rank | ").Append(string.Join(" | ", columns)).Append(" | val_accuracy | val_loss | best_val_accuracy | train_accuracy | trials |\n");
        text.Append("| ---: |").Append(string.Concat(columns.Select(_ => " ---: |"))).Append(" ---: | ---: | ---: | ---: | --- |\n");
        foreach (var configuration in ranking.Configurations.Take(MaxRankedRows))
        {
            var settings = ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Format(configuration.Training));
            text.Append(CultureInfo.InvariantCulture, $"| {configuration.Rank} | {string.Join(" | ", settings)} | {configuration.ValidationAccuracy.Format()} | {configuration.ValidationLoss.Format()} | {configuration.BestValidationAccuracy.Format()} | {configuration.TrainAccuracy.Format()} | {TrialCounts(configuration)} |\n");
        }

        if (ranking.Configurations.Count > MaxRankedRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{ranking.Configurations.Count - MaxRankedRows} more configurations in `{ResultsCsvWriter.FileName}`.\n");
        }

        text.Append('\n');
    }

    private static void AppendParameterSummary(StringBuilder text, Ranking ranking)
    {
        var swept = ranking.SettingColumns.Where(ranking.Plan.SweptSettings.Contains).ToArray();
        if (swept.Length == 0)
        {
            return;
        }

        text.Append("## Per-parameter summary\n\nMean final validation accuracy of the completed trials with each value (mean ± sample std over trials).\n\n");
        foreach (var name in swept)
        {
            var setting = TrainingSettings.Section[name];
            text.Append(CultureInfo.InvariantCulture, $"### {setting.Column}\n\n| value | trials | val_accuracy | best trial |\n| ---: | ---: | ---: | ---: |\n");
            var groups = ranking.Trials
                .GroupBy(trial => setting.Format(trial.Spec.Training))
                .OrderBy(group => setting.Number(group.First().Spec.Training) ?? 0)
                .ThenBy(group => group.Min(trial => trial.Spec.TrialId));
            foreach (var group in groups)
            {
                var completed = group.Where(trial => trial.Result.Status == TrialStatus.Completed).ToArray();
                var accuracy = MeanAndDeviation.Of(completed.Select(trial => trial.Result.ValidationAccuracy));
                var best = completed.Where(trial => double.IsFinite(trial.Result.ValidationAccuracy))
                    .OrderByDescending(trial => trial.Result.ValidationAccuracy).ThenBy(trial => trial.Spec.TrialId).FirstOrDefault();
                var bestText = best is null ? "—" : $"{best.Result.ValidationAccuracy.ToString("0.0000", CultureInfo.InvariantCulture)} (trial {best.Spec.TrialId})";
                var trials = completed.Length == group.Count() ? $"{completed.Length}" : $"{completed.Length} of {group.Count()}";
                text.Append(CultureInfo.InvariantCulture, $"| {group.Key} | {trials} | {accuracy.Format()} | {bestText} |\n");
            }

            text.Append('\n');
        }
    }

    private static void AppendProblems(StringBuilder text, Ranking ranking)
    {
        var problems = ranking.Trials.Where(trial => trial.Result.Status != TrialStatus.Completed).OrderBy(trial => trial.Spec.TrialId).ToArray();
        text.Append("## Diverged, failed, timed-out and cancelled trials\n\n");
        if (problems.Length == 0)
        {
            text.Append("None.\n\n");
            return;
        }

        var columns = ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Column).ToArray();
        text.Append("| trial | status | ").Append(string.Join(" | ", columns)).Append(" | attempts | node | reason |\n");
        text.Append("| ---: | --- |").Append(string.Concat(columns.Select(_ => " ---: |"))).Append(" ---: | --- | --- |\n");
        foreach (var (_, spec, result) in problems)
        {
            var settings = ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Format(spec.Training));
            text.Append(CultureInfo.InvariantCulture, $"| {spec.TrialId} | {result.Status} | {string.Join(" | ", settings)} | {result.Attempts} | {Cell(result.Node)} | {Cell(result.Reason ?? "—")} |\n");
        }

        text.Append('\n');
    }

    // The rung table: how many configurations each rung trained, to how many epochs, and how many it promoted.
    private static void AppendRungs(StringBuilder text, Ranking ranking, SweepSummary summary)
    {
        var scheduler = ranking.Plan.Options.Scheduler;
        if (!scheduler.Enabled)
        {
            return;
        }

        var rows = Scheduling.RungTable.Of(ranking.Plan, summary.RungDecisions);
        var brackets = rows.Select(r => r.Bracket).Distinct().Count() > 1;
        var kind = scheduler.Kind == Scheduling.SchedulerKind.Hyperband ? "Hyperband" : "Successive halving";
        var metric = scheduler.Metric == Nn.ValidationMetric.ValLoss ? "validation loss" : "validation accuracy";
        text.Append("## Rungs\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{kind}, η = {scheduler.ReductionFactor}: each rung trains its configurations (every repeat) to its epochs and promotes the best ⌈n/η⌉ by mean {metric}; the others are Pruned there. The ranking puts the highest rung reached first.\n\n");
        text.Append(brackets ? "| bracket | rung | epochs | configurations | promoted |\n| ---: | ---: | ---: | ---: | ---: |\n" : "| rung | epochs | configurations | promoted |\n| ---: | ---: | ---: | ---: |\n");
        foreach (var row in rows)
        {
            var bracket = brackets ? $"| {row.Bracket} " : string.Empty;
            var configurations = row.Configurations is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : "—";
            var promoted = row.Promoted is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "—";
            text.Append(CultureInfo.InvariantCulture, $"{bracket}| {row.Rung} | {row.Epochs:N0} | {configurations} | {promoted} |\n");
        }

        text.Append('\n');
    }

    private static void AppendFacts(StringBuilder text, Ranking ranking, SweepSummary summary)
    {
        var plan = ranking.Plan;
        var results = ranking.Trials.Select(trial => trial.Result).ToArray();
        var counts = Enum.GetValues<TrialStatus>()
            .Select(status => (status, count: results.Count(r => r.Status == status)))
            .Where(pair => pair.count > 0)
            .Select(pair => $"{pair.count} {pair.status}");
        var resumed = summary.ResumedTrials > 0 ? $" ({summary.ResumedTrials} from an earlier run)" : string.Empty;
        text.Append("## Run\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- Trials: {results.Length} of {plan.Trials.Count} finished{resumed}: {(results.Length == 0 ? "none" : string.Join(", ", counts))}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Plan: {plan.Options.Strategy}, {plan.Configurations} configurations × {plan.Options.Repeats} repeats, seed {plan.Options.Seed}, hash `{plan.Hash}`\n");
        text.Append(CultureInfo.InvariantCulture, $"- Data: {summary.DatasetName ?? "—"}{(summary.DatasetHash is null ? string.Empty : $" (sha256 `{summary.DatasetHash}`)")}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Started {summary.StartedAt:yyyy-MM-dd HH:mm:ss zzz}, finished {summary.FinishedAt:yyyy-MM-dd HH:mm:ss zzz}; total time {Duration(summary.Elapsed)}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Trials per minute: {summary.TrialsPerMinute(results.Length):0.0}\n");
        if (plan.Options.Scheduler.Enabled)
        {
            var trained = results.Sum(r => (long)r.EpochsRun);
            var budget = (long)plan.Trials.Count * plan.Options.Training.Epochs;
            text.Append(CultureInfo.InvariantCulture, $"- Epochs trained: {trained:N0} of the {budget:N0} that training every trial to the end takes ({(double)trained / budget:P1})\n");
            if (summary.WorkerTime is { } time)
            {
                text.Append(CultureInfo.InvariantCulture, $"- Workers idle: {time.IdleShare:P1} of their time ({time.IdleSeconds:0.0} s of {time.WorkerSeconds:0.0} s over {time.Workers} workers), waiting at rung barriers and at the end\n");
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"- Tool version {summary.ToolVersion}; machine {summary.Machine}, {summary.Cores} cores, parallelism {summary.Parallelism}\n");
    }

    private static string TrialCounts(RankedConfiguration configuration)
    {
        var statuses = configuration.Trials.GroupBy(trial => trial.Result.Status).OrderBy(group => group.Key);
        return configuration.Sound
            ? configuration.Trials.Count.ToString(CultureInfo.InvariantCulture)
            : string.Join(", ", statuses.Select(group => $"{group.Count()} {group.Key}"));
    }

    private static string Duration(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1
            ? $"{(int)elapsed.TotalHours}h {elapsed.Minutes:00}m {elapsed.Seconds:00}s"
            : elapsed.TotalMinutes >= 1 ? $"{(int)elapsed.TotalMinutes}m {elapsed.Seconds:00}s" : $"{elapsed.TotalSeconds:0.0}s";

    // A table cell on one line, with Markdown's column separator escaped.
    private static string Cell(string value) => value.ReplaceLineEndings(" ").Replace("|", "\\|");
}
