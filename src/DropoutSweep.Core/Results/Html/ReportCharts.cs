using DropoutSweep.Core.Nn.Model;
using ScottPlot;
using ScottPlot.Plottables;

namespace DropoutSweep.Core.Results.Html;

/// <summary>Builds the report's charts from an <see cref="HtmlReportModel"/>: one method per section.</summary>
internal static class ReportCharts
{
    public const int RankingCount = 20;

    public const int TopCurves = 5;

    public const int MaxPairs = 10;

    public const int RegionGrid = 150;

    /// <summary>b. Mean validation accuracy with its 95 % CI for the top configurations, best at the top.</summary>
    public static ReportChart? Ranking(HtmlReportModel model)
    {
        var top = model.Configurations.Where(c => double.IsFinite(c.Statistics.ValidationAccuracy.Mean)).Take(RankingCount).ToArray();
        if (top.Length == 0)
        {
            return null;
        }

        var plot = ChartStyle.NewPlot();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var groups = top.Select((configuration, index) => (Configuration: configuration, Y: (double)(top.Length - index)))
            .GroupBy(entry => TieGroup(entry.Configuration))
            .OrderBy(group => group.Key);
        foreach (var group in groups)
        {
            var entries = group.ToArray();
            var xs = entries.Select(e => e.Configuration.Statistics.ValidationAccuracy.Mean).ToArray();
            var ys = entries.Select(e => e.Y).ToArray();
            var (color, legend) = group.Key switch
            {
                0 => (ChartStyle.Primary, "best"),
                1 => (ChartStyle.Primary.WithAlpha(0.55), "tied with best (Holm p ≥ 0.05)"),
                2 => (ChartStyle.Secondary, "worse than best (Holm p < 0.05)"),
                _ => (ChartStyle.Muted, "not tested"),
            };
            var low = entries.Select(e => e.Configuration.Statistics.ValidationAccuracy is { CiLow: { } l } m ? m.Mean - l : 0).ToArray();
            var high = entries.Select(e => e.Configuration.Statistics.ValidationAccuracy is { CiHigh: { } h } m ? h - m.Mean : 0).ToArray();
            var bars = new ErrorBar(xs, ys, high, low, null, null) { Color = color, LineWidth = 1.5f, CapSize = 5 };
            plot.Add.Plottable(bars);
            var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 8, color);
            markers.LegendText = legend;
        }

        foreach (var (configuration, index) in top.Select((c, i) => (c, i)))
        {
            var rung = model.Scheduler is not null && configuration.Rung is { } reached ? $"  (rung {reached})" : string.Empty;
            ticks.AddMajor(top.Length - index, $"#{configuration.Rank}  {ShortSettings(model, configuration)}{rung}");
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(0.3, top.Length + 0.7);

        // Accuracy cannot pass 1: a wide interval of few repeats is cut at the frame rather than stretch the axis.
        var lowest = top.Min(c => c.Statistics.ValidationAccuracy.CiLow ?? c.Statistics.ValidationAccuracy.Mean);
        var highest = top.Max(c => c.Statistics.ValidationAccuracy.CiHigh ?? c.Statistics.ValidationAccuracy.Mean);
        var pad = Math.Max((Math.Min(highest, 1) - Math.Max(lowest, 0)) * 0.04, 0.002);
        plot.Axes.SetLimitsX(Math.Max(lowest, 0) - pad, Math.Min(highest, 1) + pad);
        plot.XLabel(model.Test is null ? "mean validation accuracy" : "validation accuracy: mean and 95 % confidence interval");
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;

        var rows = top.Select(c => (IReadOnlyList<string>)
        [
            c.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.Configuration.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. c.Values.Select(v => v.Text),
            ChartStyle.Metric(c.Statistics.ValidationAccuracy.Mean),
            ChartStyle.Metric(c.Statistics.ValidationAccuracy.CiLow),
            ChartStyle.Metric(c.Statistics.ValidationAccuracy.CiHigh),
            TieText(c),
            .. model.Scheduler is null ? (string[])[] : [c.Rung is { } rung ? ChartStyle.Integer(rung) : "—"],
        ]).ToArray();
        var table = new ChartTable(["rank", "config", .. model.Settings.Select(s => s.Name), "val acc mean", "CI low", "CI high", "tied with best", .. model.Scheduler is null ? (string[])[] : ["rung"]], rows);
        var order = model.Scheduler is null
            ? "by mean validation accuracy over their repeats"
            : $"by the highest rung reached (in brackets), then mean {(model.Scheduler.Metric == Nn.ValidationMetric.ValLoss ? "validation loss" : "validation accuracy")} over their repeats at that rung";
        var caption = $"The top {top.Length} of {ChartStyle.Integer(model.Configurations.Count)} configurations {order}, "
            + (model.Settings.Count > 0 ? $"each labelled with its rank and its {SettingsLegend(model)}; " : "each labelled with its rank; ")
            + (model.Test is null
                ? "with one repeat there are no intervals and no test."
                : "bars are Student-t 95 % confidence intervals of the mean, cut at accuracy 1. "
                  + (model.Test == Statistics.ComparisonTest.PairedT
                      ? "The test against the best is paired (repeats share seeds), so a configuration can differ from the best even where the intervals overlap."
                      : "The test against the best is Welch's t-test (every trial has its own seed).")
                  + (model.Scheduler is null ? string.Empty : " Only the configurations that reached the best's rung are tested against it: the others stopped earlier."));
        return new ReportChart("ranking", "Ranking", caption, ChartStyle.Figure([plot], 1), 960, 130 + (26 * top.Length) + 60, table);
    }

    /// <summary>The most learning curves the rung-curves chart draws.</summary>
    public const int RungCurves = 30;

    /// <summary>
    /// The configurations whose first repeat the rung-curves chart draws: every one that reached the highest rung any
    /// reached (up to <see cref="RungCurves"/>), then the others evenly through the ranking; none without a scheduler.
    /// </summary>
    public static IReadOnlyList<ReportConfiguration> RungCurveConfigurations(HtmlReportModel model)
    {
        if (model.Rungs.Count == 0 || model.Configurations.Count == 0)
        {
            return [];
        }

        var top = model.Configurations.Max(c => c.Rung ?? 0);
        var finalists = model.Configurations.Where(c => c.Rung == top).Take(RungCurves).ToArray();
        var others = model.Configurations.Where(c => c.Rung != top).ToArray();
        return [.. finalists, .. ChartStyle.Sample(others, Math.Max(0, RungCurves - finalists.Length))];
    }

    /// <summary>
    /// The scheduler's funnel: for each rung (bracket by bracket), the configurations it trained as a light bar and the
    /// ones its barrier promoted as a dark bar over it, labelled with the epochs it trained to.
    /// </summary>
    public static ReportChart? Rungs(HtmlReportModel model)
    {
        if (model.Rungs.Count == 0)
        {
            return null;
        }

        var brackets = model.Rungs.Select(r => r.Bracket).Distinct().Count();
        var plot = ChartStyle.NewPlot();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var trained = new List<Bar>();
        var promoted = new List<Bar>();
        foreach (var (row, index) in model.Rungs.Select((r, i) => (r, i)))
        {
            // Top to bottom in table order, one row of space between brackets.
            var y = -(index + (row.Bracket - model.Rungs[0].Bracket));
            ticks.AddMajor(y, (brackets > 1 ? $"bracket {row.Bracket}, " : string.Empty) + $"rung {row.Rung}: {ChartStyle.Integer(row.FromEpochs)}–{ChartStyle.Integer(row.Epochs)} epochs");
            trained.Add(new Bar { Position = y, Value = row.Configurations, FillColor = ChartStyle.Primary.WithAlpha(0.3), LineWidth = 0, Size = 0.7 });
            if (row.Promoted is { } count)
            {
                promoted.Add(new Bar { Position = y, Value = count, FillColor = row.Decided ? ChartStyle.Primary : ChartStyle.Primary.WithAlpha(0.55), LineWidth = 0, Size = 0.7 });
            }

            var label = plot.Add.Text(FunnelLabel(row), row.Configurations, y);
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.MiddleLeft;
            label.OffsetX = 6;
        }

        var trainedBars = plot.Add.Bars(trained);
        trainedBars.Horizontal = true;
        trainedBars.LegendText = "configurations trained (every repeat)";
        if (promoted.Count > 0)
        {
            var promotedBars = plot.Add.Bars(promoted);
            promotedBars.Horizontal = true;
            promotedBars.LegendText = "promoted to the next rung";
        }

        plot.Axes.Left.TickGenerator = ticks;
        var widest = model.Rungs.Max(r => r.Configurations);
        var lowest = -(model.Rungs.Count - 1 + (model.Rungs[^1].Bracket - model.Rungs[0].Bracket));
        plot.Axes.SetLimits(0, widest * 1.3, lowest - 0.6, 0.6);
        plot.XLabel("configurations");
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;

        var rows = model.Rungs.Select(row => (IReadOnlyList<string>)
        [
            ChartStyle.Integer(row.Bracket),
            ChartStyle.Integer(row.Rung),
            ChartStyle.Integer(row.FromEpochs),
            ChartStyle.Integer(row.Epochs),
            ChartStyle.Integer(row.Configurations),
            row.Promoted is { } count ? ChartStyle.Integer(count) : "—",
            row.Promoted is null ? "last rung" : row.Decided ? "yes" : "not yet",
        ]).ToArray();
        var table = new ChartTable(["bracket", "rung", "from epoch", "to epoch", "configurations", "promoted", "decided"], rows);
        var metric = model.Scheduler?.Metric == Nn.ValidationMetric.ValLoss ? "lowest mean validation loss" : "highest mean validation accuracy";
        var caption = $"Each rung trains its configurations, with all their repeats, on from the epoch the rung before stopped at; at its barrier the best ⌈n/η⌉ (η = {model.Scheduler?.ReductionFactor}, by {metric} over the repeats) "
            + "go on, and the others stop there as Pruned. Light: trained at the rung; dark: promoted"
            + (model.Rungs.Any(r => r.Promoted is not null && !r.Decided) ? " (pale where the barrier has not been reached yet: the count is the plan's)." : ".");
        var height = 110 + (36 * (model.Rungs.Count + brackets - 1));
        return new ReportChart("rungs", "Rungs", caption, ChartStyle.Figure([plot], 1), 900, Math.Max(240, height), table);
    }

    /// <summary>
    /// Each drawn configuration's first repeat up to the rung it reached: the scheduler's metric over epochs, the rung
    /// budgets as dashed lines, the finalists in colour over the pruned in grey.
    /// </summary>
    public static ReportChart? RungCurvesChart(HtmlReportModel model)
    {
        var drawn = RungCurveConfigurations(model);
        var firstTrials = HtmlReport.FirstTrials(model, drawn.Select(c => c.Configuration).ToHashSet());
        var withCurves = drawn
            .Where(c => firstTrials.TryGetValue(c.Configuration, out var trial) && model.Curves.TryGetValue(trial.Trial, out var curve) && curve.Count > 0)
            .Select(c => (Configuration: c, Trial: firstTrials[c.Configuration].Trial, Curve: model.Curves[firstTrials[c.Configuration].Trial]))
            .ToArray();
        if (withCurves.Length == 0)
        {
            return null;
        }

        var loss = model.Scheduler?.Metric == Nn.ValidationMetric.ValLoss;
        Func<CurvePoint, double> metric = loss ? p => p.ValidationLoss : p => p.ValidationAccuracy;
        var plot = ChartStyle.NewPlot();
        var top = withCurves.Max(c => c.Configuration.Rung ?? 0);
        foreach (var budget in model.Rungs.Select(r => r.Epochs).Distinct())
        {
            var rungLine = plot.Add.VerticalLine(budget, 1, ChartStyle.Muted.WithAlpha(0.6));
            rungLine.LinePattern = LinePattern.Dashed;
        }

        // One colour per rung reached, the earliest pruned drawn first so that the configurations that went furthest are
        // on top; one legend entry per rung.
        var legend = new HashSet<int>();
        foreach (var (configuration, _, curve) in withCurves.OrderBy(c => c.Configuration.Rung ?? 0))
        {
            var rung = configuration.Rung ?? 0;
            var finalist = rung == top;
            var line = plot.Add.ScatterLine(curve.Select(p => (double)p.Epoch).ToArray(), curve.Select(metric).ToArray(), finalist ? ChartStyle.Primary : ChartStyle.Category(rung).WithAlpha(0.65));
            line.LineWidth = finalist ? 2 : 1.2f;

            // A dot where the curve stops: a configuration pruned at the first evaluation has a curve of one point.
            line.MarkerShape = MarkerShape.None;
            plot.Add.Marker(curve[^1].Epoch, metric(curve[^1]), MarkerShape.FilledCircle, finalist ? 6 : 5, line.Color);
            if (legend.Add(rung))
            {
                line.LegendText = finalist ? $"reached rung {top}" : $"pruned at rung {rung}";
            }
        }

        var limits = Limits(withCurves.SelectMany(c => c.Curve.Select(metric)));
        plot.Axes.SetLimitsY(limits.Low, limits.High);
        plot.XLabel("epoch (dashed: rung budgets)");
        plot.YLabel(loss ? "validation loss" : "validation accuracy");
        plot.ShowLegend(loss ? Alignment.UpperRight : Alignment.LowerRight);
        plot.Legend.FontSize = 11;

        var rows = withCurves.Select(c => (IReadOnlyList<string>)
        [
            ChartStyle.Integer(c.Configuration.Rank),
            ChartStyle.Integer(c.Configuration.Configuration),
            c.Configuration.Rung is { } rung ? ChartStyle.Integer(rung) : "—",
            ChartStyle.Integer(c.Trial),
            ChartStyle.Integer(c.Curve[^1].Epoch),
            ChartStyle.Metric(metric(c.Curve[^1])),
        ]).ToArray();
        var table = new ChartTable(["rank", "config", "rung reached", "trial", "last epoch", loss ? "val loss" : "val acc"], rows);
        var sampled = withCurves.Length < model.Configurations.Count ? $"{withCurves.Length} of {ChartStyle.Integer(model.Configurations.Count)} configurations (every one that reached rung {top}, then a sample through the ranking)" : $"all {withCurves.Length} configurations";
        var caption = $"The {(loss ? "validation loss" : "validation accuracy")} the barriers ranked by, for the first repeat of {sampled}, each up to the epoch where it stopped, "
            + "coloured by the rung it reached: a pruned configuration's curve ends at the rung that pruned it.";
        return new ReportChart("rung-curves", "Curves up to pruning", caption, ChartStyle.Figure([plot], 1), 960, 460, table);
    }

    private static string FunnelLabel(Scheduling.RungRow row) =>
        row.Promoted is { } promoted ? $"{ChartStyle.Integer(row.Configurations)} → {ChartStyle.Integer(promoted)}" : $"{ChartStyle.Integer(row.Configurations)} (last rung)";

    /// <summary>c. Validation accuracy and loss against each swept setting: every trial a point, the mean per value (or bin) as a line.</summary>
    public static IEnumerable<ReportChart> PerSetting(HtmlReportModel model, SettingGroupsCache grouped)
    {
        var trials = grouped.Trials;
        for (var s = 0; s < model.Settings.Count; s++)
        {
            var setting = model.Settings[s];
            var log = UsesLog(setting, trials, s);
            var groups = grouped.Of(s, log);
            if (groups.Groups.Count < 2)
            {
                continue;
            }

            double X(PlottedTrial trial) => groups.Position(trial.Configuration.Values[s]);
            var shown = ChartStyle.Sample(trials, ChartStyle.MaxPoints);
            var panels = new[] { ("validation accuracy", (Func<PlottedTrial, double>)(t => t.Trial.ValidationAccuracy), (Func<SettingGroup, double>)(g => g.MeanAccuracy)), ("validation loss", t => t.Trial.ValidationLoss, g => g.MeanLoss) }
                .Select(panel =>
                {
                    var plot = ChartStyle.NewPlot();
                    plot.Add.Markers(shown.Select(X).ToArray(), shown.Select(panel.Item2).ToArray(), MarkerShape.FilledCircle, 5, ChartStyle.Primary.WithAlpha(0.35));
                    var means = plot.Add.ScatterLine(groups.Groups.Select(g => g.X).ToArray(), groups.Groups.Select(panel.Item3).ToArray(), ChartStyle.Secondary);
                    means.LineWidth = 2.5f;
                    means.MarkerShape = MarkerShape.FilledSquare;
                    means.MarkerSize = 7;
                    plot.YLabel(panel.Item1);
                    plot.XLabel(setting.Name + (groups.Categorical && groups.Groups.Count > 0 && trials[0].Configuration.Values[s].IsNumber ? " (values evenly spaced)" : log ? " (log scale)" : string.Empty));
                    SettingAxis(plot.Axes.Bottom, groups, log, shown.Select(X));
                    return plot;
                })
                .ToArray();
            var rows = groups.Groups.Select(g => (IReadOnlyList<string>)
            [
                g.Label,
                ChartStyle.Integer(g.Trials.Length),
                ChartStyle.Metric(g.MeanAccuracy),
                ChartStyle.Metric(g.MeanLoss),
            ]).ToArray();
            var table = new ChartTable([groups.Binned ? $"{setting.Name} bin" : setting.Name, "trials", "mean val acc", "mean val loss"], rows);
            var sampled = shown.Count < trials.Count ? $" ({ChartStyle.Integer(shown.Count)} of {ChartStyle.Integer(trials.Count)} trials shown, evenly sampled; the means use all)" : string.Empty;
            var caption = $"Each blue dot is a trial{sampled}; the red line joins the "
                + (groups.Binned ? $"means of {groups.Groups.Count} bins of equal trial count" : "mean per value")
                + ". Left validation accuracy, right validation loss." + (log ? " The axis is logarithmic." : string.Empty);
            yield return new ReportChart($"setting-{Slug(setting.Name)}", setting.Name, caption, ChartStyle.Figure(panels, 2), 1100, 420, table);
        }
    }

    /// <summary>d. Each pair of swept settings: mean validation accuracy per cell (grid) or every trial coloured by accuracy (random).</summary>
    public static IEnumerable<ReportChart> Pairs(HtmlReportModel model, SettingGroupsCache grouped)
    {
        var trials = grouped.Trials;
        var swept = Enumerable.Range(0, model.Settings.Count)
            .Where(s => trials.Select(t => t.Configuration.Values[s].Text).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .ToArray();
        var pairs = swept.SelectMany((a, i) => swept.Skip(i + 1).Select(b => (A: a, B: b))).Take(MaxPairs).ToArray();
        foreach (var (a, b) in pairs)
        {
            yield return model.IsGrid ? HeatMap(model, grouped, a, b) : ColouredScatter(model, grouped, a, b);
        }
    }

    /// <summary>e. Training and validation curves of the best configuration beside the best lowest-dropout one; then the top five.</summary>
    public static IEnumerable<ReportChart> Curves(HtmlReportModel model, ReportConfiguration? best, ReportConfiguration? comparison)
    {
        if (best is null || model.Curves.Count == 0)
        {
            yield break;
        }

        var firstTrials = HtmlReport.FirstTrials(model, model.Configurations.Take(TopCurves).Append(best).Append(comparison).OfType<ReportConfiguration>().Select(c => c.Configuration).ToHashSet());
        IReadOnlyList<CurvePoint> CurveOf(ReportConfiguration configuration) =>
            firstTrials.TryGetValue(configuration.Configuration, out var trial) && model.Curves.TryGetValue(trial.Trial, out var points) ? points : [];

        var shown = new List<ReportConfiguration> { best };
        if (comparison is not null && comparison.Configuration != best.Configuration)
        {
            shown.Add(comparison);
        }

        var withCurves = shown.Where(c => CurveOf(c).Count > 0).ToArray();
        if (withCurves.Length > 0)
        {
            var lossLimits = Limits(withCurves.SelectMany(c => CurveOf(c).SelectMany(p => new[] { p.TrainEvalLoss, p.ValidationLoss })));
            var accuracyLimits = Limits(withCurves.SelectMany(c => CurveOf(c).SelectMany(p => new[] { p.TrainEvalAccuracy, p.ValidationAccuracy })));
            var panels = new List<Plot>();
            foreach (var (metric, train, validation, limits) in new[]
                     {
                         ("loss", (Func<CurvePoint, double>)(p => p.TrainEvalLoss), (Func<CurvePoint, double>)(p => p.ValidationLoss), lossLimits),
                         ("accuracy", p => p.TrainEvalAccuracy, p => p.ValidationAccuracy, accuracyLimits),
                     })
            {
                foreach (var configuration in withCurves)
                {
                    var points = CurveOf(configuration);
                    var plot = ChartStyle.NewPlot();
                    var epochs = points.Select(p => (double)p.Epoch).ToArray();
                    var trainLine = plot.Add.ScatterLine(epochs, points.Select(train).ToArray(), ChartStyle.Secondary);
                    trainLine.LineWidth = 2;
                    trainLine.LegendText = $"training {metric} (dropout off)";
                    var validationLine = plot.Add.ScatterLine(epochs, points.Select(validation).ToArray(), ChartStyle.Primary);
                    validationLine.LineWidth = 2;
                    validationLine.LegendText = $"validation {metric}";
                    plot.Axes.SetLimitsY(limits.Low, limits.High);
                    plot.Title(CurveTitle(configuration, best));
                    plot.XLabel("epoch");
                    plot.YLabel(metric);
                    plot.ShowLegend(metric == "loss" ? Alignment.UpperRight : Alignment.LowerRight);
                    plot.Legend.FontSize = 11;
                    panels.Add(plot);
                }
            }

            var rows = withCurves.SelectMany(c =>
            {
                var points = CurveOf(c);
                var last = points[^1];
                return new IReadOnlyList<string>[]
                {
                    [c.Configuration.ToString(System.Globalization.CultureInfo.InvariantCulture), ChartStyle.Setting(c.DropoutRate), ChartStyle.Integer(firstTrials[c.Configuration].Trial), ChartStyle.Integer(last.Epoch),
                     ChartStyle.Metric(last.TrainEvalLoss), ChartStyle.Metric(last.ValidationLoss), ChartStyle.Metric(last.TrainEvalAccuracy), ChartStyle.Metric(last.ValidationAccuracy)],
                };
            }).ToArray();
            var table = new ChartTable(["config", "dropout", "trial", "last epoch", "train loss", "val loss", "train acc", "val acc"], rows);
            var caption = withCurves.Length == 2
                ? $"Left the best configuration, right {ComparisonText(withCurves[1], best)}; top loss, bottom accuracy, on the same scales. "
                  + "Training is measured like validation (dropout off): a wider gap between the two means more overfitting. Each is the configuration's first repeat."
                : "Every configuration has the best's dropout rate; top loss, bottom accuracy (first repeat).";
            yield return new ReportChart("curves-best", "Learning curves", caption, ChartStyle.Figure(panels, withCurves.Length), withCurves.Length == 2 ? 1100 : 700, 760, table);
        }

        var top = model.Configurations.Take(TopCurves).Where(c => CurveOf(c).Count > 0).ToArray();
        if (top.Length > 0)
        {
            var plot = ChartStyle.NewPlot();
            foreach (var (configuration, index) in top.Select((c, i) => (c, i)))
            {
                var points = CurveOf(configuration);
                var line = plot.Add.ScatterLine(points.Select(p => (double)p.Epoch).ToArray(), points.Select(p => p.ValidationAccuracy).ToArray(), ChartStyle.Category(index));
                line.LineWidth = 2;
                line.LegendText = $"#{configuration.Rank}  {ShortSettings(model, configuration)}";
            }

            plot.XLabel("epoch");
            plot.YLabel("validation accuracy");
            plot.ShowLegend(Alignment.LowerRight);
            plot.Legend.FontSize = 11;
            var rows = top.Select(c => (IReadOnlyList<string>)
            [
                c.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Configuration.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ChartStyle.Metric(CurveOf(c)[^1].ValidationAccuracy),
                ChartStyle.Metric(CurveOf(c).Max(p => p.ValidationAccuracy)),
            ]).ToArray();
            var table = new ChartTable(["rank", "config", "last val acc", "highest val acc"], rows);
            yield return new ReportChart(
                "curves-top",
                $"Validation accuracy of the top {top.Length}",
                $"Validation accuracy over the epochs of the first repeat of each of the top {top.Length} configurations ({SettingsLegend(model)}).",
                ChartStyle.Figure([plot], 1),
                960,
                440,
                table);
        }
    }

    /// <summary>f. The predicted class over a grid covering the training data, training points on top; best beside best lowest-dropout.</summary>
    public static ReportChart? DecisionRegions(HtmlReportModel model)
    {
        if (model.Points is not { } points || model.DecisionRegions.Count == 0 || model.DecisionRegions.Any(panel => panel.Model.Features != 2))
        {
            return null;
        }

        var count = points.Labels.Count;
        var xs = Enumerable.Range(0, count).Select(i => points.X[2 * i]).ToArray();
        var ys = Enumerable.Range(0, count).Select(i => points.X[(2 * i) + 1]).ToArray();
        var (xMin, xMax) = Padded(xs);
        var (yMin, yMax) = Padded(ys);
        var sample = ChartStyle.Sample(Enumerable.Range(0, count).ToArray(), ChartStyle.MaxPoints);
        var classes = model.DecisionRegions[0].Model.ClassNames;
        var panels = new List<Plot>();
        var rows = new List<IReadOnlyList<string>>();
        var configurations = model.Configurations.ToDictionary(c => c.Configuration);
        foreach (var panel in model.DecisionRegions)
        {
            var intensities = new double[RegionGrid, RegionGrid];
            var probabilities = new double[panel.Model.Classes];
            var area = new int[panel.Model.Classes];
            var row = new double[2];
            for (var r = 0; r < RegionGrid; r++)
            {
                // Row 0 is the top of the heat map.
                row[1] = yMax - ((r + 0.5) * (yMax - yMin) / RegionGrid);
                for (var c = 0; c < RegionGrid; c++)
                {
                    row[0] = xMin + ((c + 0.5) * (xMax - xMin) / RegionGrid);
                    panel.Model.Probabilities(row, probabilities);
                    var predicted = SavedModel.ArgMax(probabilities);
                    intensities[r, c] = predicted;
                    area[predicted]++;
                }
            }

            var correct = 0;
            for (var i = 0; i < count; i++)
            {
                row[0] = xs[i];
                row[1] = ys[i];
                panel.Model.Probabilities(row, probabilities);
                correct += SavedModel.ArgMax(probabilities) == points.Labels[i] ? 1 : 0;
            }

            var plot = ChartStyle.NewPlot();
            var heatmap = plot.Add.Heatmap(intensities);
            heatmap.Colormap = new ClassColormap(panel.Model.Classes);
            heatmap.ManualRange = new ScottPlot.Range(0, panel.Model.Classes - 1);
            heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
            heatmap.Opacity = 0.35;
            for (var k = 0; k < panel.Model.Classes; k++)
            {
                var members = sample.Where(i => points.Labels[i] == k).ToArray();
                var markers = plot.Add.Markers(members.Select(i => xs[i]).ToArray(), members.Select(i => ys[i]).ToArray(), MarkerShape.FilledCircle, 4, ChartStyle.Category(k));
                markers.LegendText = classes[k];
            }

            plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
            var configuration = configurations.GetValueOrDefault(panel.Configuration);
            plot.Title(configuration is null ? $"configuration {panel.Configuration}" : CurveTitle(configuration, configurations.GetValueOrDefault(model.DecisionRegions[0].Configuration) ?? configuration));
            plot.XLabel(panel.Model.FeatureNames[0]);
            plot.YLabel(panel.Model.FeatureNames[1]);
            plot.ShowLegend(Alignment.UpperRight);
            plot.Legend.FontSize = 11;
            panels.Add(plot);
            rows.Add(
            [
                panel.Configuration.ToString(System.Globalization.CultureInfo.InvariantCulture),
                configuration is null ? "—" : ChartStyle.Setting(configuration.DropoutRate),
                ChartStyle.Metric((double)correct / count),
                .. area.Select(a => ChartStyle.Percent((double)a / (RegionGrid * RegionGrid))),
            ]);
        }

        var table = new ChartTable(["config", "dropout", "training points classified right", .. classes.Select(c => $"area of {c}")], rows);
        var caption = $"The class each network predicts over a {RegionGrid}×{RegionGrid} grid covering the training data, with "
            + (sample.Count < count ? $"{ChartStyle.Integer(sample.Count)} of the {ChartStyle.Integer(count)}" : "the")
            + " training points on top, coloured by their true class."
            + (model.DecisionRegions.Count == 2 && configurations.GetValueOrDefault(model.DecisionRegions[0].Configuration) is { } first && configurations.GetValueOrDefault(model.DecisionRegions[1].Configuration) is { } second
                ? $" Left the best configuration, right {ComparisonText(second, first)}."
                : string.Empty);
        return new ReportChart("decision-regions", "Decision regions", caption, ChartStyle.Figure(panels, panels.Count), panels.Count == 2 ? 1100 : 600, 540, table);
    }

    /// <summary>g. The share of validation-accuracy variance explained by each swept setting on its own.</summary>
    public static ReportChart? Importance(HtmlReportModel model, SettingGroupsCache grouped)
    {
        var shares = Enumerable.Range(0, model.Settings.Count)
            .Select(s => (Setting: model.Settings[s], Groups: grouped.Of(s, log: false)))
            .Where(entry => entry.Groups.Groups.Count >= 2)
            .Select(entry => (entry.Setting, entry.Groups, Share: entry.Groups.MainEffectShare()))
            .OrderByDescending(entry => entry.Share)
            .ToArray();
        if (shares.Length == 0)
        {
            return null;
        }

        var plot = ChartStyle.NewPlot();
        var bars = shares.Select((entry, index) => new Bar
        {
            Position = shares.Length - index,
            Value = 100 * entry.Share,
            FillColor = ChartStyle.Primary,
            Label = ChartStyle.Percent(entry.Share),
            Orientation = Orientation.Horizontal,
        }).ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (entry, index) in shares.Select((e, i) => (e, i)))
        {
            ticks.AddMajor(shares.Length - index, entry.Setting.Name);
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsX(0, Math.Max(10, shares.Max(e => 100 * e.Share) * 1.15));
        plot.XLabel("share of validation-accuracy variance explained on its own (%, ε²)");
        var rows = shares.Select(e => (IReadOnlyList<string>)
        [
            e.Setting.Name,
            ChartStyle.Percent(e.Share),
            e.Groups.Binned ? $"{e.Groups.Groups.Count} quantile bins" : $"{e.Groups.Groups.Count} values",
        ]).ToArray();
        var table = new ChartTable(["setting", "variance share", "groups"], rows);
        var caption = "Main effects: for each setting, the trials are grouped by its value (continuous values in "
            + $"up to {SettingGroups.QuantileBins} quantile bins of at least {SettingGroups.TrialsPerBin} trials) and the bar is the share of the variance of validation accuracy between the groups, "
            + "corrected for the number of groups (ε², so that a setting without effect scores about 0). Shares need not add up to 100 %: interactions and noise make up the rest.";
        return new ReportChart("importance", "Parameter importance", caption, ChartStyle.Figure([plot], 1), 900, 100 + (45 * shares.Length) + 40, table);
    }

    /// <summary><c>0.1 · 5e-4 · 0.05</c>: a configuration's swept values in setting order.</summary>
    public static string ShortSettings(HtmlReportModel model, ReportConfiguration configuration) =>
        string.Join(" · ", configuration.Values.Select(v => v.IsNumber ? ChartStyle.Setting(v.Number) : v.Text));

    /// <summary><c>DropoutRate · L2 · LearningRate</c>.</summary>
    public static string SettingsLegend(HtmlReportModel model) => string.Join(" · ", model.Settings.Select(s => s.Name));

    /// <summary>0 best, 1 tied with it, 2 worse, 3 not tested.</summary>
    private static int TieGroup(ReportConfiguration configuration) =>
        configuration.Rank == 1 ? 0 : configuration.Statistics.TiedWithBest switch { true => 1, false => 2, null => 3 };

    private static string TieText(ReportConfiguration configuration) => configuration.Statistics.TieText("not tested");

    private static string ComparisonText(ReportConfiguration comparison, ReportConfiguration best) =>
        comparison.DropoutRate < best.DropoutRate
            ? "the best among those with the sweep's lowest dropout rate"
            : "the best with more dropout (the best configuration already has the lowest rate)";

    /// <summary><c>Best: #1, config 2, dropout 0</c>, <c>Lowest dropout: ...</c>, or <c>More dropout: ...</c> for the configuration it is compared with.</summary>
    private static string CurveTitle(ReportConfiguration configuration, ReportConfiguration best) =>
        $"{(configuration == best ? "Best" : configuration.DropoutRate < best.DropoutRate ? "Lowest dropout" : "More dropout")}: #{configuration.Rank}, config {configuration.Configuration}, dropout {ChartStyle.Setting(configuration.DropoutRate)}";

    private static ReportChart HeatMap(HtmlReportModel model, SettingGroupsCache grouped, int a, int b)
    {
        var trials = grouped.Trials;
        var (settingA, settingB) = (model.Settings[a], model.Settings[b]);
        var groupsA = grouped.Of(a, log: false).Groups;
        var groupsB = grouped.Of(b, log: false).Groups;
        var columns = groupsA.Select(g => g.Label).ToArray();
        var rowsLabels = groupsB.Select(g => g.Label).ToArray();

        // A cell per pair of groups (values, or quantile bins of a setting with many values), by group membership.
        var column = groupsA.SelectMany((group, index) => group.Trials.Select(trial => (trial, index))).ToDictionary(entry => entry.trial, entry => entry.index);
        var row = groupsB.SelectMany((group, index) => group.Trials.Select(trial => (trial, index))).ToDictionary(entry => entry.trial, entry => entry.index);
        var cells = trials.GroupBy(t => (X: column[t], Y: row[t])).ToDictionary(g => g.Key, g => g.Average(t => t.Trial.ValidationAccuracy));
        // Each cell is a block of pixels: browsers smooth a scaled SVG image, which would blur cells of one pixel.
        const int block = 24;
        var intensities = new double[rowsLabels.Length * block, columns.Length * block];
        for (var y = 0; y < intensities.GetLength(0); y++)
        {
            for (var x = 0; x < intensities.GetLength(1); x++)
            {
                // Row 0 is the top of the heat map: the largest value of the vertical setting.
                intensities[y, x] = cells.GetValueOrDefault((x / block, rowsLabels.Length - 1 - (y / block)), double.NaN);
            }
        }

        var plot = ChartStyle.NewPlot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        var (low, high) = (cells.Values.Min(), cells.Values.Max());
        if (high - low < 1e-9)
        {
            // Every cell the same accuracy: one colour in the middle of the scale rather than a scale of width 0.
            heatmap.ManualRange = new ScottPlot.Range(low - 0.001, high + 0.001);
        }

        heatmap.Extent = new CoordinateRect(-0.5, columns.Length - 0.5, -0.5, rowsLabels.Length - 0.5);
        plot.Add.ColorBar(heatmap);
        plot.Title("colour: mean validation accuracy");
        if (columns.Length * rowsLabels.Length <= 150)
        {
            var range = heatmap.GetRange();
            foreach (var ((x, y), mean) in cells)
            {
                var text = plot.Add.Text(ChartStyle.Metric(mean), x, y);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 14;
                text.LabelFontColor = (mean - range.Min) / Math.Max(range.Max - range.Min, 1e-12) > 0.6 ? Colors.Black : Colors.White;
            }
        }

        plot.Axes.Bottom.TickGenerator = ManualTicks(columns);
        plot.Axes.Left.TickGenerator = ManualTicks(rowsLabels);
        plot.Axes.SetLimits(-0.5, columns.Length - 0.5, -0.5, rowsLabels.Length - 0.5);
        plot.XLabel(settingA.Name);
        plot.YLabel(settingB.Name);
        var rows = cells.OrderBy(c => c.Key.Y).ThenBy(c => c.Key.X)
            .Select(c => (IReadOnlyList<string>)[columns[c.Key.X], rowsLabels[c.Key.Y], ChartStyle.Metric(c.Value)]).ToArray();
        var table = new ChartTable([settingA.Name, settingB.Name, "mean val acc"], rows);
        var caption = $"Mean validation accuracy of every trial with each pair of values of {settingA.Name} and {settingB.Name}, averaged over the other settings and the repeats.";
        return new ReportChart($"pair-{Slug(settingA.Name)}-{Slug(settingB.Name)}", $"{settingA.Name} × {settingB.Name}", caption, ChartStyle.Figure([plot], 1), 760, 520, table);
    }

    private static ReportChart ColouredScatter(HtmlReportModel model, SettingGroupsCache grouped, int a, int b)
    {
        var trials = grouped.Trials;
        var (settingA, settingB) = (model.Settings[a], model.Settings[b]);
        var (logA, logB) = (UsesLog(settingA, trials, a), UsesLog(settingB, trials, b));
        var groupsA = grouped.Of(a, logA);
        var groupsB = grouped.Of(b, logB);
        var shown = ChartStyle.Sample(trials, ChartStyle.MaxPoints);
        var low = shown.Min(t => t.Trial.ValidationAccuracy);
        var high = Math.Max(shown.Max(t => t.Trial.ValidationAccuracy), low + 1e-6); // a colour scale needs a width
        var colormap = new ScottPlot.Colormaps.Viridis();
        const int levels = 24;
        var plot = ChartStyle.NewPlot();

        // One marker group per colour level, best drawn last so that they stay visible.
        foreach (var level in shown.GroupBy(t => (int)Math.Round((levels - 1) * (t.Trial.ValidationAccuracy - low) / Math.Max(high - low, 1e-12))).OrderBy(g => g.Key))
        {
            var members = level.ToArray();
            plot.Add.Markers(
                members.Select(t => groupsA.Position(t.Configuration.Values[a])).ToArray(),
                members.Select(t => groupsB.Position(t.Configuration.Values[b])).ToArray(),
                MarkerShape.FilledCircle,
                6,
                colormap.GetColor((double)level.Key / (levels - 1)));
        }

        plot.Add.ColorBar(new ColorAxis(colormap, low, high));
        plot.Title("colour: validation accuracy");
        SettingAxis(plot.Axes.Bottom, groupsA, logA, shown.Select(t => groupsA.Position(t.Configuration.Values[a])));
        SettingAxis(plot.Axes.Left, groupsB, logB, shown.Select(t => groupsB.Position(t.Configuration.Values[b])));
        plot.XLabel(settingA.Name + (logA ? " (log scale)" : string.Empty));
        plot.YLabel(settingB.Name + (logB ? " (log scale)" : string.Empty));
        var best = shown.OrderByDescending(t => t.Trial.ValidationAccuracy).ThenBy(t => t.Trial.Trial).First();
        var rows = groupsA.Groups.Select(g => (IReadOnlyList<string>)[settingA.Name, g.Label, ChartStyle.Metric(g.MeanAccuracy)])
            .Concat(groupsB.Groups.Select(g => (IReadOnlyList<string>)[settingB.Name, g.Label, ChartStyle.Metric(g.MeanAccuracy)]))
            .ToArray();
        var table = new ChartTable(["setting", "value or bin", "mean val acc"], rows);
        var caption = $"Every trial{(shown.Count < trials.Count ? $" ({ChartStyle.Integer(shown.Count)} of {ChartStyle.Integer(trials.Count)} shown)" : string.Empty)} "
            + $"at its values of {settingA.Name} and {settingB.Name}, coloured by validation accuracy ({ChartStyle.Metric(low)} to {ChartStyle.Metric(high)}; "
            + $"the most accurate, {ChartStyle.Metric(best.Trial.ValidationAccuracy)}, is trial {best.Trial.Trial}).";
        return new ReportChart($"pair-{Slug(settingA.Name)}-{Slug(settingB.Name)}", $"{settingA.Name} × {settingB.Name}", caption, ChartStyle.Figure([plot], 1), 760, 520, table);
    }

    /// <summary>Log axes only for settings declared log-scaled whose values are all positive.</summary>
    private static bool UsesLog(ReportSetting setting, IReadOnlyList<PlottedTrial> trials, int index) =>
        setting.LogScale && trials.All(t => t.Configuration.Values[index] is { IsNumber: true, Number: > 0 });

    private static void SettingAxis(IAxis axis, SettingGroups groups, bool log, IEnumerable<double> coordinates)
    {
        if (groups.Categorical)
        {
            axis.TickGenerator = ManualTicks(groups.Groups.Select(g => g.Label).ToArray());
        }
        else if (!groups.Binned)
        {
            // A grid's few values: a tick at each (decade ticks would miss 5e-4 between 1e-4 and 1e-3).
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            foreach (var group in groups.Groups)
            {
                ticks.AddMajor(group.X, group.Label);
            }

            axis.TickGenerator = ticks;
        }
        else if (log)
        {
            var all = coordinates.ToArray();
            ChartStyle.LogAxis(axis, all.Min(), all.Max());
        }
    }

    private static ScottPlot.TickGenerators.NumericManual ManualTicks(IReadOnlyList<string> labels)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < labels.Count; i++)
        {
            ticks.AddMajor(i, labels[i]);
        }

        return ticks;
    }

    private static (double Low, double High) Limits(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return (0, 1);
        }

        var (low, high) = (finite.Min(), finite.Max());
        var pad = Math.Max((high - low) * 0.05, 1e-3);
        return (low - pad, high + pad);
    }

    private static (double Min, double Max) Padded(double[] values)
    {
        var (min, max) = (values.Min(), values.Max());
        var pad = Math.Max((max - min) * 0.05, 1e-6);
        return (min - pad, max + pad);
    }

    private static string Slug(string name) => Settings.Setting.SnakeCase(name).Replace('_', '-');

    /// <summary>One colour per class, light enough for the points on top to stand out.</summary>
    private sealed class ClassColormap(int classes) : IColormap
    {
        public string Name => "classes";

        public Color GetColor(double position) => ChartStyle.Category((int)Math.Round(Math.Clamp(position, 0, 1) * (classes - 1)));
    }

    /// <summary>The colour scale of a scatter coloured by accuracy, for its colour bar.</summary>
    private sealed class ColorAxis(IColormap colormap, double low, double high) : IHasColorAxis
    {
        public IColormap Colormap => colormap;

        public ScottPlot.Range GetRange() => new(low, high);
    }
}
