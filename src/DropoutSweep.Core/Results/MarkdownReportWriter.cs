using System.Globalization;
using System.Text;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Results.Statistics;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>report.md</c>: the best configuration with every setting, the ranked table (the top <see cref="MaxRankedRows"/>
/// configurations; with repeats, each mean with its 95 % confidence interval, the Holm-adjusted p-value of its
/// difference from the best and whether it is tied with it, from <see cref="SweepStatistics"/>), a per-parameter summary
/// (one row per value, or about <see cref="SummaryBins"/> quantile bins for a setting with more distinct values), the
/// trials that did not complete with their reasons, the charts of report.html as images in <c>charts/</c>, and the
/// run's facts. A partial sweep is marked INCOMPLETE at the top. Readable at any size: every table is bounded, and the
/// file is written as a stream.
/// </summary>
public static class MarkdownReportWriter
{
    public const string FileName = "report.md";

    /// <summary>Configurations listed in the ranked table; the full ranking is in <c>results.csv</c>.</summary>
    public const int MaxRankedRows = 50;

    /// <summary>Trials listed in the table of trials that did not complete; all of them are in <c>results.csv</c>.</summary>
    public const int MaxProblemRows = 50;

    /// <summary>A swept setting with more distinct values than this is summarised in quantile bins, about this many.</summary>
    public const int SummaryBins = 10;

    /// <summary>Class labels listed in the run facts; all of them are in <c>results.json</c>.</summary>
    public const int MaxLabels = 50;

    /// <summary>Configurations tied with the best named under the best; all of them are in the ranking and results.json.</summary>
    public const int MaxTiedListed = 10;

    /// <summary>The report's text.</summary>
    /// <param name="statistics">The ranking's statistics; computed here when null.</param>
    /// <param name="charts">The charts written to <c>charts/</c> (linked as images); none when null.</param>
    public static string Format(Ranking ranking, SweepSummary summary, SweepStatistics? statistics = null, IReadOnlyList<ReportChart>? charts = null)
    {
        using var text = new StringWriter();
        WriteTo(text, ranking, summary, statistics ?? SweepStatistics.Of(ranking), charts ?? []);
        return text.ToString();
    }

    /// <summary>Writes <c>report.md</c> into <paramref name="outputDirectory"/> atomically.</summary>
    /// <param name="statistics">The ranking's statistics; computed here when null.</param>
    /// <param name="charts">The charts written to <c>charts/</c> (linked as images); none when null.</param>
    public static void Write(string outputDirectory, Ranking ranking, SweepSummary summary, SweepStatistics? statistics = null, IReadOnlyList<ReportChart>? charts = null) =>
        AtomicFile.Write(Path.Combine(outputDirectory, FileName), stream =>
        {
            using var writer = ReportText.Writer(stream);
            WriteTo(writer, ranking, summary, statistics ?? SweepStatistics.Of(ranking), charts ?? []);
        });

    private static void WriteTo(TextWriter text, Ranking ranking, SweepSummary summary, SweepStatistics statistics, IReadOnlyList<ReportChart> charts)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var plan = ranking.Plan;
        var complete = ReportFacts.IsComplete(ranking, summary);
        text.Write(Invariant($"# Sweep `{plan.Options.Name}`{(complete ? string.Empty : " — INCOMPLETE")}\n\n"));
        if (!complete)
        {
            text.Write(Invariant($"> **INCOMPLETE**: {ranking.Trials.Count} of {plan.Trials.Count} trials finished; the ranking covers those only, and a configuration with missing repeats is never named best.\n\n"));
        }

        WriteBest(text, ranking, statistics);
        WriteRanking(text, ranking, statistics);
        WriteRungs(text, ranking, summary);
        WriteParameterSummary(text, ranking);
        WriteProblems(text, ranking);
        WriteCharts(text, charts);
        WriteFacts(text, ranking, summary);
    }

    private static void WriteBest(TextWriter text, Ranking ranking, SweepStatistics statistics)
    {
        text.Write("## Best configuration\n\n");
        if (ranking.Best is not { } best)
        {
            text.Write("No configuration completed every repeat with finite metrics.\n\n");
            return;
        }

        var trials = string.Join(", ", best.Trials.Select(t => t.Spec.TrialId));
        if (statistics.Tested)
        {
            var (accuracy, loss) = (statistics.Configurations[0].ValidationAccuracy, statistics.Configurations[0].ValidationLoss);
            text.Write(Invariant($"Validation accuracy **{Fixed(accuracy.Mean)}** (95 % confidence interval {Interval(accuracy)}), validation loss {Fixed(loss.Mean)} ({Interval(loss)}): means over {best.Trials.Count} repeats; configuration {best.Configuration}, trials {trials}.\n\n"));
            var tied = statistics.Configurations.Skip(1).Where(c => c.TiedWithBest == true).ToArray();
            text.Write(tied.Length == 0
                ? Invariant($"Every other configuration is worse ({TestName(statistics.Test)}, Holm-adjusted p < {ConfigurationComparison.TieLevel}).\n\n")
                : Invariant($"Tied with it ({TestName(statistics.Test)}, Holm-adjusted p ≥ {ConfigurationComparison.TieLevel}: the difference could be chance at these repeats): {string.Join(", ", tied.Take(MaxTiedListed).Select(c => $"rank {c.Rank} (configuration {c.Configuration})"))}{(tied.Length > MaxTiedListed ? $" and {tied.Length - MaxTiedListed} more" : string.Empty)}.\n\n"));
        }
        else
        {
            var repeats = best.Trials.Count == 1 ? "1 trial" : $"mean ± std over {best.Trials.Count} repeats";
            text.Write(Invariant($"Validation accuracy **{best.ValidationAccuracy.Format()}**, validation loss {best.ValidationLoss.Format()} ({repeats}; configuration {best.Configuration}, trials {trials}).\n\n"));
            if (best.Trials.Count == 1)
            {
                text.Write("With one repeat per configuration there is no confidence interval and no test: a close second may be luck. Set `Repeats` to 2 or more to see which differences are real.\n\n");
            }
        }

        if (best.Summary(ResultFields.TestAccuracy).Count > 0)
        {
            text.Write(Invariant($"On the held-out test set: accuracy {best.Summary(ResultFields.TestAccuracy).Format()}, loss {best.Summary(ResultFields.TestLoss).Format()} (measured once per trial after training; never used for ranking).\n\n"));
        }

        text.Write("| setting | value |\n| --- | --- |\n");
        foreach (var setting in TrainingSettings.Section.Settings)
        {
            var swept = ranking.Plan.SweptSettings.Contains(setting.Name) ? " (swept)" : string.Empty;
            text.Write(Invariant($"| {setting.Name}{swept} | {setting.Describe(best.Training)} |\n"));
        }

        text.Write('\n');
    }

    private static void WriteRanking(TextWriter text, Ranking ranking, SweepStatistics statistics)
    {
        text.Write("## Ranking\n\n");
        var count = ranking.Configurations.Count;
        if (count == 0)
        {
            text.Write("No trial finished.\n\n");
            return;
        }

        var shown = count > MaxRankedRows ? $"The top {MaxRankedRows} of {count} configurations (all of them are in `{ResultsCsvWriter.FileName}` and `{ResultsJsonWriter.FileName}`), r" : "R";
        var rungs = ranking.Plan.Options.Scheduler.Enabled;
        var order = Ranking.LossFirst(ranking.Plan) ? "validation loss, then validation accuracy" : "validation accuracy, then validation loss";
        var settings = ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Column).ToArray();
        var settingValues = (RankedConfiguration c) => ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Format(c.Training));
        var rungCell = (RankedConfiguration c) => rungs ? (string[])[c.Rung is { } rung ? ReportValues.Integer(rung) : "—"] : [];
        string[] rungHeader = rungs ? ["rung"] : [];

        // The test set's figures only where some trial measured them.
        var reported = ResultFields.Summarised(ResultSummary.Report)
            .Where(field => !field.MeasuredSometimes || ranking.Trials.Any(trial => double.IsFinite(field.Number(trial.Result))))
            .ToArray();
        if (!statistics.Tested)
        {
            var repeated = ranking.Configurations.Any(c => c.Trials.Count > 1);
            text.Write(Invariant($"{shown}anked {(rungs ? "by the highest rung reached, then " : "by ")}mean final {order}{(repeated ? " over repeats (mean ± sample std)" : string.Empty)}{(rungs ? ", measured at that rung" : string.Empty)}; configurations with a missing, diverged or failed repeat come last.\n\n"));
            WriteHeader(text, ["rank", .. settings, .. reported.Select(field => field.ColumnName), .. rungHeader, "trials"], "trials");
            foreach (var configuration in ranking.Configurations.Take(MaxRankedRows))
            {
                WriteRow(text, [
                    ReportValues.Integer(configuration.Rank),
                    .. settingValues(configuration),
                    .. reported.Select(field => configuration.Summary(field).Format()),
                    .. rungCell(configuration),
                    TrialCounts(configuration)]);
            }

            text.Write('\n');
            return;
        }

        // With repeats: each mean with its interval, and the test against the best, rather than a "± std" of two values.
        text.Write(Invariant($"{shown}anked {(rungs ? "by the highest rung reached, then " : "by ")}mean final {order} over the repeats{(rungs ? ", measured at that rung" : string.Empty)}; configurations with a missing, diverged or failed repeat come last. "));
        text.Write(Invariant($"The interval is the Student-t 95 % confidence interval of the mean; `p (Holm)` is the two-sided p-value of the difference in validation accuracy from the best ({TestName(statistics.Test)}), Holm-adjusted across the configurations{(rungs ? " that reached the best's rung" : string.Empty)}; `tied` means p ≥ {ConfigurationComparison.TieLevel}: at these repeats the difference from the best could be chance.\n\n"));
        var others = reported.Where(field => field != ResultFields.ValidationAccuracy && field != ResultFields.ValidationLoss).ToArray();
        WriteHeader(text, ["rank", .. settings, "val_accuracy", "val_accuracy 95 % CI", "val_loss", "val_loss 95 % CI", "p (Holm)", "tied", .. others.Select(field => field.ColumnName + " (mean)"), .. rungHeader, "trials"], "tied", "trials");
        for (var i = 0; i < Math.Min(count, MaxRankedRows); i++)
        {
            var (configuration, figures) = (ranking.Configurations[i], statistics.Configurations[i]);
            WriteRow(text, [
                ReportValues.Integer(configuration.Rank),
                .. settingValues(configuration),
                Fixed(figures.ValidationAccuracy.Mean),
                Interval(figures.ValidationAccuracy),
                Fixed(figures.ValidationLoss.Mean),
                Interval(figures.ValidationLoss),
                configuration.Rank == 1 ? "best" : ChartStyle.PValue(figures.PValueHolm),
                configuration.Rank == 1 ? "—" : figures.TiedWithBest switch { true => "yes", false => "no", null => "—" },
                .. others.Select(field => Fixed(configuration.Summary(field).Mean)),
                .. rungCell(configuration),
                TrialCounts(configuration)]);
        }

        text.Write('\n');
    }

    private static void WriteCharts(TextWriter text, IReadOnlyList<ReportChart> charts)
    {
        if (charts.Count == 0)
        {
            return;
        }

        text.Write(Invariant($"## Charts\n\nThe charts of `{HtmlReport.FileName}` (which also lists the numbers under each), as images in `{HtmlReport.ChartsFolder}/`.\n\n"));
        foreach (var chart in charts)
        {
            text.Write(Invariant($"### {chart.Title}\n\n![{chart.Title}]({chart.ImagePath})\n\n{chart.Caption}\n\n"));
        }
    }

    private static void WriteParameterSummary(TextWriter text, Ranking ranking)
    {
        var swept = ranking.SettingColumns.Where(ranking.Plan.SweptSettings.Contains).ToArray();
        if (swept.Length == 0)
        {
            return;
        }

        var rungs = ranking.Plan.Options.Scheduler.Enabled;
        var scheduled = rungs ? " With a scheduler only the trials that reached the last rung complete; `highest rung` is the furthest any trial with the value got." : string.Empty;
        text.Write(Invariant($"## Per-parameter summary\n\nMean final validation accuracy of the completed trials with each value (mean ± sample std over trials); a setting with more than {SummaryBins} distinct values is shown in about {SummaryBins} quantile bins of equal trial counts.{scheduled}\n\n"));
        var numbers = SweptNumbers(ranking.Trials, swept);
        for (var s = 0; s < swept.Length; s++)
        {
            var name = swept[s];
            var groups = ValueGroups(ranking.Trials, name, numbers[s], out var binned);
            text.Write(Invariant($"### {TrainingSettings.Section[name].Column}\n\n"));
            if (binned)
            {
                text.Write(Invariant($"{ranking.Trials.Count} trials, {groups.Count} quantile bins (lowest – highest value in each).\n\n"));
            }

            WriteHeader(text, [binned ? "values" : "value", "trials", .. rungs ? (string[])["highest rung"] : [], "val_accuracy", "best trial"]);
            foreach (var (label, trials) in groups)
            {
                var completed = trials.Where(trial => trial.Result.Status == TrialStatus.Completed).ToArray();
                var accuracy = MeanAndDeviation.Of(completed.Select(trial => trial.Result.ValidationAccuracy));
                var best = completed.Where(trial => double.IsFinite(trial.Result.ValidationAccuracy))
                    .OrderByDescending(trial => trial.Result.ValidationAccuracy).ThenBy(trial => trial.Spec.TrialId).FirstOrDefault();
                var bestText = best is null ? "—" : $"{best.Result.ValidationAccuracy.ToString("0.0000", CultureInfo.InvariantCulture)} (trial {best.Spec.TrialId})";
                var counts = completed.Length == trials.Count ? $"{completed.Length}" : $"{completed.Length} of {trials.Count}";
                var highest = trials.Max(trial => trial.Result.Rung) is { } rung ? ReportValues.Integer(rung) : "—";
                WriteRow(text, [label, counts, .. rungs ? (string[])[highest] : [], accuracy.Format(), bestText]);
            }

            text.Write('\n');
        }
    }

    /// <summary>
    /// Each numeric swept setting's value for every trial (null for a layer list), read in one pass: a trial's options are
    /// made from the plan's table once for all the settings, not once per setting.
    /// </summary>
    private static double[]?[] SweptNumbers(IReadOnlyList<RankedTrial> trials, IReadOnlyList<string> swept)
    {
        var settings = swept.Select(name => TrainingSettings.Section[name]).ToArray();
        var numbers = settings.Select(setting => setting.IsLayerList ? null : new double[trials.Count]).ToArray();
        for (var i = 0; i < trials.Count; i++)
        {
            var training = trials[i].Spec.Training;
            for (var s = 0; s < settings.Length; s++)
            {
                if (numbers[s] is { } values)
                {
                    values[i] = settings[s].Number(training)!.Value;
                }
            }
        }

        return numbers;
    }

    /// <summary>The trials grouped by their value of a setting: one group per distinct value, or quantile bins when there are too many.</summary>
    private static IReadOnlyList<(string Label, IReadOnlyList<RankedTrial> Trials)> ValueGroups(IReadOnlyList<RankedTrial> trials, string name, double[]? values, out bool binned)
    {
        binned = false;
        if (values is null)
        {
            return GroupsByValue(trials, trial => TrainingSettings.Section[name].Format(trial.Spec.Training), name);
        }

        // Counted on the numbers, before any text is made: a random sweep has as many values as trials.
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var distinct = sorted.Length == 0 ? 0 : 1;
        for (var i = 1; i < sorted.Length && distinct <= SummaryBins; i++)
        {
            distinct += sorted[i].Equals(sorted[i - 1]) ? 0 : 1;
        }

        if (distinct <= SummaryBins)
        {
            return GroupsByValue(trials, trial => TrainingSettings.Section[name].Format(trial.Spec.Training), name);
        }

        binned = true;
        return QuantileBins.Of(values, SummaryBins)
            .Select(bin => ($"{Short(bin.Low)} – {Short(bin.High)}", (IReadOnlyList<RankedTrial>)bin.Members.Select(i => trials[i]).ToArray()))
            .ToArray();
    }

    private static IReadOnlyList<(string Label, IReadOnlyList<RankedTrial> Trials)> GroupsByValue(IReadOnlyList<RankedTrial> trials, Func<RankedTrial, string> label, string name) =>
        trials
            .GroupBy(label)
            .OrderBy(group => TrainingSettings.Section[name].Number(group.First().Spec.Training) ?? 0)
            .ThenBy(group => group.Min(trial => trial.Spec.TrialId))
            .Select(group => (group.Key, (IReadOnlyList<RankedTrial>)group.ToArray()))
            .ToArray();

    // The rung table: how many configurations each rung trained, to how many epochs, and how many it promoted.
    private static void WriteRungs(TextWriter text, Ranking ranking, SweepSummary summary)
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
        text.Write("## Rungs\n\n");
        text.Write(Invariant($"{kind}, η = {scheduler.ReductionFactor}: each rung trains its configurations (every repeat) to its epochs and promotes the best ⌈n/η⌉ by mean {metric}; the others are Pruned there.\n\n"));
        WriteHeader(text, brackets ? ["bracket", "rung", "epochs", "configurations", "promoted"] : ["rung", "epochs", "configurations", "promoted"]);
        foreach (var row in rows)
        {
            string[] cells =
            [
                ReportValues.Integer(row.Rung), row.Epochs.ToString("N0", CultureInfo.InvariantCulture),
                row.Configurations.ToString("N0", CultureInfo.InvariantCulture),
                row.Promoted is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) + (row.Decided ? string.Empty : " (to come)") : "—",
            ];
            WriteRow(text, brackets ? [ReportValues.Integer(row.Bracket), .. cells] : cells);
        }

        text.Write('\n');
    }

    private static void WriteProblems(TextWriter text, Ranking ranking)
    {
        var problems = ranking.Trials.Where(trial => trial.Result.Status is not (TrialStatus.Completed or TrialStatus.Pruned)).OrderBy(trial => trial.Spec.TrialId).ToArray();
        text.Write("## Diverged, failed, timed-out and cancelled trials\n\n");
        if (problems.Length == 0)
        {
            text.Write("None.\n\n");
            return;
        }

        if (problems.Length > MaxProblemRows)
        {
            text.Write(Invariant($"The first {MaxProblemRows} of {problems.Length} by trial number; all of them are in `{ResultsCsvWriter.FileName}`.\n\n"));
        }

        var settings = ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Column).ToArray();
        WriteHeader(text, ["trial", "status", .. settings, "attempts", "node", "reason"], "status", "node", "reason");
        foreach (var (_, spec, result) in problems.Take(MaxProblemRows))
        {
            WriteRow(text, [
                ReportValues.Integer(spec.TrialId), result.Status.ToString(),
                .. ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Format(spec.Training)),
                ReportValues.Integer(result.Attempts), Cell(result.Node), Cell(result.Reason ?? "—")]);
        }

        text.Write('\n');
    }

    private static void WriteFacts(TextWriter text, Ranking ranking, SweepSummary summary)
    {
        var plan = ranking.Plan;
        var finished = ranking.Trials.Count;
        var counts = Enum.GetValues<TrialStatus>()
            .Select(status => (status, count: ranking.Trials.Count(trial => trial.Result.Status == status)))
            .Where(pair => pair.count > 0)
            .Select(pair => $"{pair.count} {pair.status}");
        var resumed = summary.ResumedTrials > 0 ? $" ({summary.ResumedTrials} from an earlier run)" : string.Empty;
        text.Write("## Run\n\n");
        text.Write(Invariant($"- Trials: {finished} of {plan.Trials.Count} finished{resumed}: {(finished == 0 ? "none" : string.Join(", ", counts))}\n"));
        text.Write(Invariant($"- Plan: {plan.Options.Strategy}, {plan.Configurations} configurations × {plan.Options.Repeats} repeats, seed {plan.Options.Seed}, hash `{plan.Hash}`\n"));
        text.Write(Invariant($"- Data: {summary.DatasetName ?? "—"}{(summary.DatasetHash is null ? string.Empty : $" (sha256 `{summary.DatasetHash}`)")}\n"));
        if (summary.ClassNames is { } names && !IsIdentity(names))
        {
            var more = names.Count > MaxLabels ? $", … ({names.Count - MaxLabels} more in `{ResultsJsonWriter.FileName}`)" : string.Empty;
            text.Write(Invariant($"- Classes (label → class): {string.Join(", ", names.Take(MaxLabels).Select((label, k) => $"{Cell(label)} → {k}"))}{more}\n"));
        }

        text.Write(Invariant($"- Started {summary.StartedAt:yyyy-MM-dd HH:mm:ss zzz}, finished {summary.FinishedAt:yyyy-MM-dd HH:mm:ss zzz}; total time {Duration(summary.Elapsed)}\n"));
        text.Write(Invariant($"- Trials per minute: {summary.TrialsPerMinute(finished):0.0}\n"));
        if (plan.Options.Scheduler.Enabled)
        {
            var trained = ranking.Trials.Sum(trial => (long)trial.Result.EpochsRun);
            var budget = (long)plan.Trials.Count * plan.Options.Training.Epochs;
            text.Write(Invariant($"- Epochs trained: {trained:N0} of the {budget:N0} that training every trial to the end takes ({(double)trained / budget:P1})\n"));
            if (summary.WorkerTime is { } time)
            {
                text.Write(Invariant($"- Workers idle: {time.IdleShare:P1} of their time ({time.IdleSeconds:0.0} s of {time.WorkerSeconds:0.0} s over {time.Workers} workers), waiting at rung barriers and at the end\n"));
            }
        }
        text.Write(Invariant($"- Tool version {summary.ToolVersion}; machine {summary.Machine}, {summary.Cores} cores, parallelism {summary.Parallelism}\n"));
    }

    private static string TrialCounts(RankedConfiguration configuration) => configuration.Standing switch
    {
        ConfigurationStanding.Complete => ReportValues.Integer(configuration.Trials.Count),
        ConfigurationStanding.MissingRepeats => $"{configuration.Trials.Count} of {configuration.PlannedRepeats}",
        _ => string.Join(", ", configuration.Trials.GroupBy(trial => trial.Result.Status).OrderBy(group => group.Key).Select(group => $"{group.Count()} {group.Key}"))
            + (configuration.Trials.Count < configuration.PlannedRepeats ? $" (of {configuration.PlannedRepeats})" : string.Empty),
    };

    /// <summary>A table's header and alignment row: numbers right-aligned, the <paramref name="leftAligned"/> text columns left.</summary>
    private static void WriteHeader(TextWriter text, IReadOnlyList<string> columns, params string[] leftAligned)
    {
        WriteRow(text, columns);
        WriteRow(text, columns.Select(column => leftAligned.Contains(column) ? "---" : "---:").ToArray());
    }

    private static void WriteRow(TextWriter text, IReadOnlyList<string> cells)
    {
        text.Write('|');
        foreach (var cell in cells)
        {
            text.Write(' ');
            text.Write(cell);
            text.Write(" |");
        }

        text.Write('\n');
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string TestName(ComparisonTest test) =>
        test == ComparisonTest.PairedT ? "paired t-test: repeat r of every configuration shares a seed" : "Welch's t-test: every trial has its own seed";

    private static string Fixed(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static string Interval(MetricStatistics metric) =>
        metric is { CiLow: { } low, CiHigh: { } high } ? $"{Fixed(low)} – {Fixed(high)}" : "—";

    // The spiral's classes are named by their numbers: a mapping 0 → 0 says nothing.
    private static bool IsIdentity(IReadOnlyList<string> names) =>
        names.Select((label, k) => label == ReportValues.Integer(k)).All(same => same);

    private static string Short(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1
            ? $"{(int)elapsed.TotalHours}h {elapsed.Minutes:00}m {elapsed.Seconds:00}s"
            : elapsed.TotalMinutes >= 1 ? $"{(int)elapsed.TotalMinutes}m {elapsed.Seconds:00}s" : $"{elapsed.TotalSeconds:0.0}s";

    // A table cell on one line, with Markdown's column separator escaped.
    private static string Cell(string value) => value.ReplaceLineEndings(" ").Replace("|", "\\|");
}
