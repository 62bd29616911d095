using System.Globalization;
using System.Net;
using System.Text;
using DropoutSweep.Core.Results.Statistics;

namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// report.html: one self-contained page (styles and the font inline, charts as inline SVG, no script, nothing fetched)
/// with, from the top, the verdict, the ranking chart, with a scheduler the rung funnel and the curves up to pruning,
/// one chart per swept setting, pairs of settings, learning curves, decision regions, parameter importance, the run
/// facts and the table of configurations. The same charts go to <c>charts/*.png</c> for report.md.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    public const string ChartsFolder = "charts";

    /// <summary>The table of configurations lists at most this many (all of them are in results.csv and results.json).</summary>
    public const int TableRows = 1000;

    /// <summary>The verdict names at most this many tied configurations.</summary>
    private const int TiesListed = 10;

    private const string Style = """
        :root { color-scheme: light; }
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 0 auto; max-width: 1160px; padding: 0 24px 48px; color: #1b1b1b; line-height: 1.45; }
        h1 { font-size: 1.7rem; margin: 28px 0 4px; }
        h2 { font-size: 1.3rem; margin: 36px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        nav { font-size: 0.9rem; color: #555; }
        nav a { margin-right: 14px; color: #1f5f99; text-decoration: none; }
        .incomplete { background: #fff3cd; border: 1px solid #e0c36b; padding: 8px 12px; }
        .verdict { font-size: 1.08rem; background: #f4f8fb; border-left: 4px solid #1f77b4; padding: 10px 16px; }
        figure.chart { margin: 18px 0 28px; }
        figure.chart svg { width: 100%; height: auto; display: block; overflow: visible; }
        figure.chart svg image { image-rendering: pixelated; }
        figcaption { font-size: 0.92rem; color: #333; margin-bottom: 6px; }
        figcaption strong { font-size: 1rem; margin-right: 6px; }
        details { font-size: 0.85rem; margin-top: 4px; }
        table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
        th { background: #f2f2f2; }
        td.text, th.text { text-align: left; }
        tr.best td { font-weight: bold; }
        tr.tied td { background: #eef5fb; }
        .empty { color: #666; font-style: italic; }
        .note { font-size: 0.92rem; color: #444; }
        .scroll { overflow-x: auto; }
        """;

    /// <summary>Renders the page and its charts.</summary>
    public static RenderedReport Render(HtmlReportModel model)
    {
        using var page = new StringWriter(CultureInfo.InvariantCulture);
        var charts = RenderTo(page, model);
        return new RenderedReport(page.ToString(), charts);
    }

    /// <summary>
    /// Writes the page to <paramref name="page"/> as it goes (the charts' SVG straight from each chart, the text between
    /// them from a small buffer), so that a large sweep's page is never held whole; returns the charts in it.
    /// </summary>
    private static List<ReportChart> RenderTo(TextWriter page, HtmlReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var configurations = model.Configurations.ToDictionary(c => c.Configuration);
        var plotted = model.Trials.Where(t => t.Plotted && configurations.ContainsKey(t.Configuration))
            .OrderBy(t => t.Trial)
            .Select(t => new PlottedTrial(t, configurations[t.Configuration]))
            .ToArray();
        var best = model.Configurations.FirstOrDefault(c => c.Sound);
        var comparison = Comparison(model);

        var ranking = ReportCharts.Ranking(model);
        ReportChart?[] rungs = [ReportCharts.Rungs(model), ReportCharts.RungCurvesChart(model)];
        var grouped = new SettingGroupsCache(plotted);
        var settings = ReportCharts.PerSetting(model, grouped).ToArray();
        var pairs = ReportCharts.Pairs(model, grouped).ToArray();
        var curves = ReportCharts.Curves(model, best, comparison).ToArray();
        var regions = ReportCharts.DecisionRegions(model);
        var importance = ReportCharts.Importance(model, grouped);
        var charts = new List<ReportChart>();
        var svg = new ReportChart.SvgBuffers();

        var html = new StringBuilder(1 << 16);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Encode($"{model.Title}: DropoutSweep report")).Append("</title>\n<style>\n").Append(ReportFont.FontFaces).Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Encode(model.Title)).Append("</h1>\n");
        if (!model.Complete)
        {
            html.Append("<p class=\"incomplete\"><strong>INCOMPLETE:</strong> the sweep stopped before every trial finished; this report covers the trials that did.</p>\n");
        }

        html.Append("<nav><a href=\"#verdict\">Verdict</a><a href=\"#ranking\">Ranking</a>").Append(model.Rungs.Count > 0 ? "<a href=\"#rungs\">Rungs</a>" : string.Empty)
            .Append("<a href=\"#settings\">Settings</a><a href=\"#pairs\">Pairs</a>")
            .Append("<a href=\"#curves\">Learning curves</a><a href=\"#regions\">Decision regions</a><a href=\"#importance\">Importance</a>")
            .Append("<a href=\"#facts\">Run facts</a><a href=\"#configurations\">Configurations</a></nav>\n");

        Section(html, "verdict", "Verdict");
        Verdict(html, model, best);

        Section(html, "ranking", "Ranking");
        Charts(html, page, svg, charts, ranking is null ? [] : [ranking], "No configuration has a finite validation accuracy yet.");

        if (model.Rungs.Count > 0)
        {
            Section(html, "rungs", "Rungs");
            Charts(html, page, svg, charts, rungs.OfType<ReportChart>().ToArray(), "No trial has reached a rung yet.");
        }

        Section(html, "settings", "Each swept setting");
        ScheduledNote(html, model, plotted.Length);
        Charts(html, page, svg, charts, settings, "No setting takes more than one value among the completed trials.");

        Section(html, "pairs", "Pairs of swept settings");
        ScheduledNote(html, model, plotted.Length);
        Charts(html, page, svg, charts, pairs, "Pairs need at least two swept settings with more than one value each.");

        Section(html, "curves", "Learning curves");
        Charts(html, page, svg, charts, curves, "No learning curves were recorded for these trials.");

        Section(html, "regions", "Decision regions");
        Charts(html, page, svg, charts, regions is null ? [] : [regions], model.Points is null
            ? "Decision regions are drawn for data with two features, such as the spiral."
            : model.RegionsNote ?? "No trained network was available to draw decision regions.");

        Section(html, "importance", "Parameter importance");
        ScheduledNote(html, model, plotted.Length);
        Charts(html, page, svg, charts, importance is null ? [] : [importance], "Importance needs a swept setting with more than one value.");

        Section(html, "facts", "Run facts");
        Facts(html, model);

        Section(html, "configurations", "All configurations");
        ConfigurationTable(html, model);

        html.Append("</body>\n</html>\n");
        Flush(html, page);
        return charts;
    }

    /// <summary>Writes report.html and <c>charts/&lt;id&gt;.png</c> into <paramref name="outputDirectory"/>, each atomically; returns the charts.</summary>
    public static IReadOnlyList<ReportChart> Write(string outputDirectory, HtmlReportModel model)
    {
        List<ReportChart> charts = [];
        AtomicFile.Write(Path.Combine(outputDirectory, FileName), stream =>
        {
            // Not disposed: that would flush again, after an exception too; the flush below writes everything.
            var page = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
            charts = RenderTo(page, model);
            page.Flush();
        });
        var folder = Path.Combine(outputDirectory, ChartsFolder);
        Directory.CreateDirectory(folder);
        foreach (var chart in charts)
        {
            AtomicFile.Write(Path.Combine(outputDirectory, chart.ImagePath), chart.WritePng);
        }

        // A chart an earlier report drew and this one does not (a setting no longer swept) would sit beside the new ones.
        var current = charts.Select(chart => Path.GetFileName(chart.ImagePath)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateFiles(folder, "*.png").Where(file => IsChartName(Path.GetFileName(file)) && !current.Contains(Path.GetFileName(file))))
        {
            File.Delete(stale);
        }

        return charts;
    }

    /// <summary>The chart images this writer has left in <paramref name="outputDirectory"/>'s <c>charts/</c> (none when it has none), as full paths.</summary>
    public static IReadOnlyList<string> ExistingCharts(string outputDirectory)
    {
        var folder = Path.Combine(outputDirectory, ChartsFolder);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.png").Where(file => IsChartName(Path.GetFileName(file))).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    /// <summary>True for the file names this writer gives charts; other files in <c>charts/</c> are left alone.</summary>
    private static bool IsChartName(string fileName) =>
        fileName is "ranking.png" or "rungs.png" or "rung-curves.png" or "curves-best.png" or "curves-top.png" or "decision-regions.png" or "importance.png"
        || fileName.StartsWith("setting-", StringComparison.Ordinal) || fileName.StartsWith("pair-", StringComparison.Ordinal);

    /// <summary>
    /// The trials whose learning curves the report draws (the first repeat of the best configuration, of the one it is
    /// compared with (<see cref="Comparison"/>), of the top five and, with a scheduler, of <see cref="ReportCharts.RungCurveConfigurations"/>):
    /// a large sweep's writer keeps only these in memory.
    /// </summary>
    public static IReadOnlySet<int> CurveTrials(HtmlReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var wanted = model.Configurations.Take(ReportCharts.TopCurves).Append(model.Configurations.FirstOrDefault(c => c.Sound)).Append(Comparison(model))
            .Concat(ReportCharts.RungCurveConfigurations(model))
            .OfType<ReportConfiguration>()
            .Select(c => c.Configuration)
            .ToHashSet();
        return FirstTrials(model, wanted).Values.Select(t => t.Trial).ToHashSet();
    }

    /// <summary>
    /// The trials whose networks the decision regions show, best first: the first repeat of the best configuration and of
    /// the one it is compared with (<see cref="Comparison"/>). The writer replays these for <see cref="HtmlReportModel.DecisionRegions"/>.
    /// </summary>
    public static IReadOnlyList<ReportTrial> RegionTrials(HtmlReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var shown = new[] { model.Configurations.FirstOrDefault(c => c.Sound), Comparison(model) }.OfType<ReportConfiguration>().Select(c => c.Configuration).Distinct().ToArray();
        var first = FirstTrials(model, shown.ToHashSet());
        return shown.Where(first.ContainsKey).Select(c => first[c]).ToArray();
    }

    /// <summary>The lowest-numbered repeat of each of <paramref name="configurations"/> among the model's trials.</summary>
    internal static Dictionary<int, ReportTrial> FirstTrials(HtmlReportModel model, IReadOnlySet<int> configurations) =>
        model.Trials.Where(t => configurations.Contains(t.Configuration))
            .GroupBy(t => t.Configuration)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Repeat).ThenBy(t => t.Trial).First());

    /// <summary>
    /// The configuration the best one is shown beside (learning curves, decision regions), so that dropout's effect is
    /// visible: the best-ranked sound configuration with the sweep's lowest dropout rate or, when the best has that rate
    /// itself, the best-ranked one with another dropout rate. Null when no sound configuration differs from the best in it.
    /// </summary>
    public static ReportConfiguration? Comparison(HtmlReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sound = model.Configurations.Where(c => c.Sound).ToArray();
        if (sound.Length == 0)
        {
            return null;
        }

        var lowest = sound.Min(c => c.DropoutRate);
        return sound[0].DropoutRate != lowest
            ? sound.First(c => c.DropoutRate == lowest)
            : sound.FirstOrDefault(c => c.DropoutRate != sound[0].DropoutRate);
    }

    private static void Section(StringBuilder html, string id, string title) =>
        html.Append("<h2 id=\"").Append(id).Append("\">").Append(Encode(title)).Append("</h2>\n");

    // The buffered text goes to the page, and the buffer is emptied for what follows.
    private static void Flush(StringBuilder html, TextWriter page)
    {
        foreach (var chunk in html.GetChunks())
        {
            page.Write(chunk.Span);
        }

        html.Clear();
    }

    private static void Charts(StringBuilder html, TextWriter page, ReportChart.SvgBuffers svg, List<ReportChart> all, IReadOnlyList<ReportChart> charts, string whenNone)
    {
        if (charts.Count == 0)
        {
            html.Append("<p class=\"empty\">").Append(Encode(whenNone)).Append("</p>\n");
            return;
        }

        foreach (var chart in charts)
        {
            all.Add(chart);
            html.Append("<figure class=\"chart\" id=\"chart-").Append(chart.Id).Append("\" data-chart=\"").Append(chart.Id)
                .Append("\" style=\"max-width: ").Append(chart.Width).Append("px\">\n<figcaption><strong>")
                .Append(Encode(chart.Title)).Append("</strong> ").Append(Encode(chart.Caption)).Append("</figcaption>\n");
            Flush(html, page);
            chart.WriteSvg(page, svg);
            html.Append('\n');
            html.Append("<details><summary>The numbers in this chart</summary>\n<div class=\"scroll\">");
            Table(html, chart.Numbers.Columns, chart.Numbers.Rows.Select(row => (row, (string?)null)), "numbers");
            html.Append("</div></details>\n</figure>\n");
        }
    }

    // With a scheduler only the trials of the last rung completed: the others stopped at different epochs, so their
    // metrics are not comparable, and the setting, pair and importance charts draw the completed ones alone.
    private static void ScheduledNote(StringBuilder html, HtmlReportModel model, int plotted)
    {
        if (model.Scheduler is null)
        {
            return;
        }

        html.Append("<p class=\"note\">").Append(Encode(
            $"With {(model.Scheduler.Kind == Scheduling.SchedulerKind.Hyperband ? "Hyperband" : "successive halving")} only the {ChartStyle.Integer(plotted)} of {ChartStyle.Integer(model.Trials.Count)} trials that completed the last rung are drawn here: "
            + "the pruned ones stopped at earlier rungs, after fewer epochs, and their metrics are not comparable with these. The rung charts above show them."))
            .Append("</p>\n");
    }

    private static void Verdict(StringBuilder html, HtmlReportModel model, ReportConfiguration? best)
    {
        html.Append("<div class=\"verdict\">");
        if (best is null)
        {
            html.Append("<p>No configuration has every repeat completed with finite metrics, so there is no best configuration.</p></div>\n");
            return;
        }

        var accuracy = best.Statistics.ValidationAccuracy;
        var settings = string.Join(", ", model.Settings.Select((s, i) => $"{s.Name} {(best.Values[i].IsNumber ? ChartStyle.Setting(best.Values[i].Number) : best.Values[i].Text)}"));
        html.Append("<p><strong>Best: configuration ").Append(best.Configuration).Append("</strong>")
            .Append(settings.Length > 0 ? Encode($" ({settings})") : string.Empty)
            .Append(Encode($": mean validation accuracy {ChartStyle.Metric(accuracy.Mean)}"));
        if (accuracy is { CiLow: { } low, CiHigh: { } high })
        {
            html.Append(Encode($", 95 % confidence interval {ChartStyle.Metric(low)} to {ChartStyle.Metric(high)}"));
        }

        html.Append(Encode($", over {accuracy.Count} repeat{(accuracy.Count == 1 ? string.Empty : "s")}.")).Append("</p>\n");
        if (model.Test is not { } test)
        {
            html.Append("<p>With one repeat per configuration there is no confidence interval and no test: differences may be luck. Run with Repeats ≥ 2 to see which are real.</p></div>\n");
            return;
        }

        var testName = test == ComparisonTest.PairedT ? "paired t-test (repeats share seeds)" : "Welch's t-test (every trial has its own seed)";
        var tied = model.Configurations.Where(c => c.Rank != best.Rank && c.Statistics.TiedWithBest == true).ToArray();
        html.Append("<p>");
        if (tied.Length == 0)
        {
            html.Append(Encode($"Every other tested configuration is worse than it ({testName}, Holm-adjusted p < 0.05)."));
        }
        else
        {
            var listed = string.Join(", ", tied.Take(TiesListed).Select(c => $"{c.Configuration} (#{c.Rank}, p = {ChartStyle.PValue(c.Statistics.PValueHolm)})"));
            var more = tied.Length > TiesListed ? $" and {tied.Length - TiesListed} more" : string.Empty;
            html.Append(Encode(
                $"Tied with it ({testName}, Holm-adjusted p ≥ 0.05): {tied.Length} configuration{(tied.Length == 1 ? string.Empty : "s")}: {listed}{more}. "
                + "Their difference from the best could be chance at these repeats."));
        }

        html.Append("</p></div>\n");
    }

    private static void Facts(StringBuilder html, HtmlReportModel model)
    {
        if (model.Facts.Count == 0)
        {
            html.Append("<p class=\"empty\">No run facts.</p>\n");
            return;
        }

        html.Append("<table class=\"facts\">\n");
        foreach (var fact in model.Facts)
        {
            html.Append("<tr><th class=\"text\">").Append(Encode(fact.Name)).Append("</th><td class=\"text\">").Append(Encode(fact.Value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void ConfigurationTable(StringBuilder html, HtmlReportModel model)
    {
        var shown = model.Configurations.Take(TableRows).ToArray();
        if (model.Configurations.Count > TableRows)
        {
            html.Append("<p>").Append(Encode($"The top {ChartStyle.Integer(TableRows)} of {ChartStyle.Integer(model.Configurations.Count)} configurations; results.csv and results.json have every one.")).Append("</p>\n");
        }

        string[] columns =
        [
            "rank", "config", .. model.Settings.Select(s => s.Name), "repeats",
            "val acc mean", "val acc std", "val acc CI low", "val acc CI high",
            "val loss mean", "val loss std", "val loss CI low", "val loss CI high",
            "p", "p (Holm)", "tied with best",
        ];
        var rows = shown.Select(c =>
        {
            var (accuracy, loss) = (c.Statistics.ValidationAccuracy, c.Statistics.ValidationLoss);
            IReadOnlyList<string> cells =
            [
                Invariant(c.Rank), Invariant(c.Configuration), .. c.Values.Select(v => v.Text), Invariant(c.Statistics.Repeats),
                ChartStyle.Metric(accuracy.Mean), ChartStyle.Metric(accuracy.StandardDeviation), ChartStyle.Metric(accuracy.CiLow), ChartStyle.Metric(accuracy.CiHigh),
                ChartStyle.Metric(loss.Mean), ChartStyle.Metric(loss.StandardDeviation), ChartStyle.Metric(loss.CiLow), ChartStyle.Metric(loss.CiHigh),
                ChartStyle.PValue(c.Statistics.PValue), ChartStyle.PValue(c.Statistics.PValueHolm),
                c.Statistics.TieText("—"),
            ];
            var rowClass = c.Rank == 1 ? "best" : c.Statistics.TiedWithBest == true ? "tied" : null;
            return (cells, rowClass);
        });
        html.Append("<div class=\"scroll\">");
        Table(html, columns, rows, "configurations");
        html.Append("</div>\n");
    }

    private static void Table(StringBuilder html, IReadOnlyList<string> columns, IEnumerable<(IReadOnlyList<string> Cells, string? RowClass)> rows, string tableClass)
    {
        html.Append("<table class=\"").Append(tableClass).Append("\">\n<thead><tr>");
        foreach (var column in columns)
        {
            html.Append("<th>").Append(Encode(column)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var (cells, rowClass) in rows)
        {
            html.Append(rowClass is null ? "<tr>" : $"<tr class=\"{rowClass}\">");
            foreach (var cell in cells)
            {
                html.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
