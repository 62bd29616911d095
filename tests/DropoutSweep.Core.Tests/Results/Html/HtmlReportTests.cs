using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Results.Statistics;
using Xunit;

namespace DropoutSweep.Core.Tests.Results.Html;

/// <summary>report.html parsed with AngleSharp: self-contained, every section and chart present, the numbers it was given.</summary>
public sealed class HtmlReportTests
{
    private static readonly Lazy<(HtmlReportModel Model, RenderedReport Report, IDocument Page)> GridReport = new(() =>
    {
        var model = HtmlReportFixtures.Grid(repeats: 3);
        var report = HtmlReport.Render(model);
        return (model, report, Parse(report.Html));
    });

    [Fact]
    public void The_page_fetches_nothing_and_carries_its_font()
    {
        var (_, report, page) = GridReport.Value;

        Assert.Empty(page.QuerySelectorAll("script, link, iframe, object, embed, img, video, audio, source"));
        foreach (var element in page.All)
        {
            foreach (var attribute in element.Attributes.Where(a => a.LocalName is "src" or "href" or "srcset" or "poster" or "action" or "data"))
            {
                Assert.True(attribute.Value.StartsWith('#') || attribute.Value.StartsWith("data:", StringComparison.Ordinal), $"<{element.LocalName} {attribute.Name}=\"{attribute.Value[..Math.Min(60, attribute.Value.Length)]}\">");
            }
        }

        var styles = string.Concat(page.QuerySelectorAll("style").Select(s => s.TextContent))
            + string.Concat(page.All.Select(e => e.GetAttribute("style") ?? string.Empty));
        Assert.DoesNotContain("@import", styles, StringComparison.OrdinalIgnoreCase);
        Assert.All(
            System.Text.RegularExpressions.Regex.Matches(report.Html, @"url\(([^)]*)\)"),
            match => Assert.True(match.Groups[1].Value.StartsWith('#') || match.Groups[1].Value.StartsWith("data:font/ttf;base64,", StringComparison.Ordinal), match.Value[..Math.Min(60, match.Value.Length)]));

        // The charts' text asks for DejaVu Sans, which the page carries itself, regular and bold.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(styles, @"@font-face \{ font-family: ""DejaVu Sans""; font-weight: (normal|bold); src: url\(data:font/ttf;base64,").Count);
        Assert.All(page.QuerySelectorAll("svg text"), text => Assert.Equal("DejaVu Sans", text.GetAttribute("font-family")));

        // The only absolute URLs are the SVG namespace names, which no browser fetches.
        var urls = System.Text.RegularExpressions.Regex.Matches(report.Html, @"https?://[^""'\s<>]+").Select(m => m.Value).Distinct().Order();
        Assert.Equal(["http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg"], urls);
    }

    [Fact]
    public void Sections_come_in_the_issue_order_and_each_chart_is_an_inline_svg_with_unique_ids()
    {
        var (_, report, page) = GridReport.Value;

        Assert.Equal(
            ["verdict", "ranking", "settings", "pairs", "curves", "regions", "importance", "facts", "configurations"],
            page.QuerySelectorAll("h2").Select(h => h.Id));
        Assert.Equal(
            [
                "ranking", "setting-dropout-rate", "setting-l2", "setting-learning-rate",
                "pair-dropout-rate-l2", "pair-dropout-rate-learning-rate", "pair-l2-learning-rate",
                "curves-best", "curves-top", "decision-regions", "importance",
            ],
            page.QuerySelectorAll("figure.chart").Select(f => f.GetAttribute("data-chart")));
        Assert.Equal(report.Charts.Select(c => c.Id), page.QuerySelectorAll("figure.chart").Select(f => f.GetAttribute("data-chart")));
        foreach (var figure in page.QuerySelectorAll("figure.chart"))
        {
            var svg = figure.QuerySelector("svg");
            Assert.NotNull(svg);
            Assert.NotNull(svg.GetAttribute("viewBox"));
            Assert.NotEmpty(svg.QuerySelectorAll("text"));
        }

        var ids = page.All.Select(e => e.Id).Where(id => !string.IsNullOrEmpty(id)).ToArray();
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_reference_inside_a_chart_points_at_an_element_of_that_chart_named_after_it()
    {
        var (_, report, page) = GridReport.Value;

        // The SVG is rewritten as it streams (Skia numbers clip paths from 0 in each chart): a reference left unprefixed
        // or prefixed where its target is not would point at another chart's clip path, or at nothing.
        var checkedReferences = 0;
        foreach (var figure in page.QuerySelectorAll("figure.chart"))
        {
            var chart = figure.GetAttribute("data-chart")!;
            var svg = figure.QuerySelector("svg")!;
            var ids = svg.QuerySelectorAll("[id]").Select(e => e.Id!).ToHashSet(StringComparer.Ordinal);
            Assert.All(ids, id => Assert.StartsWith(chart + "-", id, StringComparison.Ordinal));
            var references = System.Text.RegularExpressions.Regex.Matches(svg.OuterHtml, @"url\(#([^)]+)\)|href=""#([^""]+)""")
                .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
                .ToArray();
            Assert.All(references, target => Assert.Contains(target, ids));
            checkedReferences += references.Length;
        }

        Assert.True(checkedReferences > 0, "the charts reference no clip path or image: nothing was checked");
        Assert.DoesNotContain("<?xml", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_written_page_is_the_rendered_page_in_utf8_without_a_byte_order_mark()
    {
        using var folder = new TemporaryFolder("report-html-");
        HtmlReport.Write(folder.Path, HtmlReportFixtures.Grid(repeats: 2));
        var written = File.ReadAllBytes(folder.File(HtmlReport.FileName));

        var rendered = HtmlReport.Render(HtmlReportFixtures.Grid(repeats: 2)).Html;

        // Skia numbers the clip paths of an SVG from a counter that runs on across drawings in one process (cl_4 in the
        // first page, cl_aa in the next): the two pages are compared with those numbers taken out.
        static string WithoutSkiaNumbers(string page) => System.Text.RegularExpressions.Regex.Replace(page, @"(?<=(id=""|#)[a-z0-9-]+-[a-z]+_)[0-9a-f]+(?=["")])", "N");
        Assert.Equal("<!DOCTYPE html>"u8.ToArray(), written[..15]);
        Assert.Equal(WithoutSkiaNumbers(rendered), WithoutSkiaNumbers(new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(written)));
    }

    [Fact]
    public void The_ranking_chart_carries_each_configurations_mean_and_interval()
    {
        var (model, _, page) = GridReport.Value;
        var rows = Rows(page, "ranking");

        // Independent of the statistics code: the mean of each configuration's repeats, straight from the trials.
        var means = model.Trials.GroupBy(t => t.Configuration).ToDictionary(g => g.Key, g => g.Average(t => t.ValidationAccuracy));
        Assert.Equal(12, rows.Length);
        Assert.Equal(means.OrderByDescending(m => m.Value).First().Key.ToString(CultureInfo.InvariantCulture), rows[0][1]);
        foreach (var row in rows)
        {
            var configuration = model.Configurations.Single(c => c.Configuration == int.Parse(row[1], CultureInfo.InvariantCulture));
            Assert.Equal(Four(means[configuration.Configuration]), row[5]);
            Assert.Equal(Four(configuration.Statistics.ValidationAccuracy.CiLow!.Value), row[6]);
            Assert.Equal(Four(configuration.Statistics.ValidationAccuracy.CiHigh!.Value), row[7]);
        }

        var labels = page.QuerySelector("figure[data-chart=ranking] svg")!.QuerySelectorAll("text").Select(t => t.TextContent.Trim()).ToArray();
        Assert.Contains(labels, label => label.StartsWith("#1 ", StringComparison.Ordinal));
        Assert.Contains(labels, label => label.StartsWith("#12 ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_verdict_names_the_best_configuration_its_interval_and_the_configurations_tied_with_it()
    {
        var (model, _, page) = GridReport.Value;
        var verdict = page.QuerySelector(".verdict")!.TextContent;
        var best = model.Configurations[0];
        var tied = model.Configurations.Skip(1).Where(c => c.Statistics.TiedWithBest == true).ToArray();

        Assert.Contains($"Best: configuration {best.Configuration} ", verdict, StringComparison.Ordinal);
        Assert.Contains($"95 % confidence interval {Four(best.Statistics.ValidationAccuracy.CiLow!.Value)} to {Four(best.Statistics.ValidationAccuracy.CiHigh!.Value)}", verdict, StringComparison.Ordinal);
        Assert.Contains("paired t-test", verdict, StringComparison.Ordinal);
        Assert.Contains($"{tied.Length} configurations", verdict, StringComparison.Ordinal);
        Assert.Contains($"{tied[0].Configuration} (#{tied[0].Rank}, p = ", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_table_has_every_configuration_with_its_statistics_in_rank_order()
    {
        var (model, _, page) = GridReport.Value;
        var table = page.QuerySelector("table.configurations")!;
        var header = table.QuerySelectorAll("thead th").Select(th => th.TextContent).ToArray();
        var rows = table.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToArray();

        Assert.Equal(model.Configurations.Count, rows.Length);
        Assert.Equal(["rank", "config", "DropoutRate", "L2", "LearningRate", "repeats"], header[..6]);
        for (var i = 0; i < rows.Length; i++)
        {
            var statistics = model.Configurations[i].Statistics;
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), rows[i][0]);
            Assert.Equal(Four(statistics.ValidationLoss.Mean), rows[i][Array.IndexOf(header, "val loss mean")]);
            Assert.Equal(statistics.PValueHolm is { } p ? (p < 0.0001 ? "<0.0001" : Four(p)) : "—", rows[i][Array.IndexOf(header, "p (Holm)")]);
        }
    }

    [Fact]
    public void Parameter_importance_is_each_settings_share_of_accuracy_variance()
    {
        // Accuracies 0.80, 0.82, 0.90, 0.92 at A = 0, 0, 0.5, 0.5 and B = 1, 2, 1, 2: the total sum of squares about
        // 0.86 is 0.0104. A's group means 0.81 and 0.91 give SS_between 4 · 0.05² = 0.01, so SS_within 0.0004 over
        // 4 − 2 degrees of freedom, and ε² = (0.01 − 1 · 0.0002) / 0.0104 = 94.2 %. B's 0.85 and 0.87 give 4 · 0.01² =
        // 0.0004, SS_within 0.01, and (0.0004 − 0.005) / 0.0104 < 0: 0 % (its difference is smaller than the spread
        // within its groups; η² would have said 3.8 %). By hand.
        double[][] values = [[0, 1], [0, 2], [0.5, 1], [0.5, 2]];
        double[] accuracies = [0.80, 0.82, 0.90, 0.92];
        var model = Model([new ReportSetting("A"), new ReportSetting("B")], values, accuracies, isGrid: true);

        var rows = Rows(Parse(HtmlReport.Render(model).Html), "importance");

        Assert.Equal([["A", "94.2 %", "2 values"], ["B", "0.0 %", "2 values"]], rows);
    }

    [Fact]
    public void Continuous_settings_of_a_random_sweep_are_cut_into_ten_quantile_bins()
    {
        var model = HtmlReportFixtures.Random(configurations: 200, repeats: 1, withCurves: false);

        var page = Parse(HtmlReport.Render(model).Html);

        Assert.Equal(10, Rows(page, "setting-dropout-rate").Length);
        Assert.All(Rows(page, "setting-dropout-rate"), row => Assert.Equal("20", row[1]));
        Assert.All(Rows(page, "importance"), row => Assert.Equal("10 quantile bins", row[2]));
        Assert.Contains("no test", page.QuerySelector(".verdict")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_regions_report_how_many_training_points_each_network_classifies_right()
    {
        var (model, _, page) = GridReport.Value;
        var rows = Rows(page, "decision-regions");

        Assert.Equal(2, rows.Length);
        for (var p = 0; p < 2; p++)
        {
            var panel = model.DecisionRegions[p];
            var predictor = new ModelPredictor(panel.Model, ["x", "y"], "points");
            var points = model.Points!;
            var correct = 0;
            for (var i = 0; i < points.Labels.Count; i++)
            {
                var row = predictor.Predict([points.X[2 * i].ToString("R", CultureInfo.InvariantCulture), points.X[(2 * i) + 1].ToString("R", CultureInfo.InvariantCulture)], i + 2);
                correct += row.Predicted == panel.Model.ClassNames[points.Labels[i]] ? 1 : 0;
            }

            Assert.Equal(panel.Configuration.ToString(CultureInfo.InvariantCulture), rows[p][0]);
            Assert.Equal(Four((double)correct / points.Labels.Count), rows[p][2]);
            var areas = rows[p][3..].Select(a => double.Parse(a.TrimEnd('%', ' '), CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(100, areas.Sum(), 0.2);
        }
    }

    [Fact]
    public void Learning_curves_show_the_best_beside_the_best_lowest_dropout_configuration_when_the_best_has_dropout()
    {
        var (model, _, page) = GridReport.Value;
        var rows = Rows(page, "curves-best");
        var lowest = model.Configurations.Where(c => c.DropoutRate == 0).OrderBy(c => c.Rank).First();

        Assert.Equal([model.Configurations[0].Configuration.ToString(CultureInfo.InvariantCulture), lowest.Configuration.ToString(CultureInfo.InvariantCulture)], rows.Select(r => r[0]));
        Assert.Equal(["0.1", "0"], rows.Select(r => r[1]));
        Assert.Equal(5, Rows(page, "curves-top").Length);
    }

    [Fact]
    public void A_large_sweep_samples_its_points_and_lists_the_top_thousand_configurations()
    {
        var model = HtmlReportFixtures.Random(configurations: 4500, repeats: 1, withCurves: false);

        var page = Parse(HtmlReport.Render(model).Html);

        var caption = page.QuerySelector("figure[data-chart=setting-dropout-rate] figcaption")!.TextContent;
        Assert.Contains("4,000 of 4,500 trials shown", caption, StringComparison.Ordinal);
        Assert.Equal(HtmlReport.TableRows, page.QuerySelectorAll("table.configurations tbody tr").Length);
        Assert.Contains("The top 1,000 of 4,500 configurations", page.QuerySelector("#configurations + p")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thousand_trial_report_is_at_most_five_megabytes()
    {
        var model = HtmlReportFixtures.Random(configurations: 500, repeats: 2, withCurves: true);

        var html = HtmlReport.Render(model).Html;

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) <= 5_000_000, $"{html.Length:N0} characters");
    }

    [Fact]
    public void Writing_puts_report_html_and_every_chart_as_a_png_in_the_charts_folder()
    {
        using var folder = new TemporaryFolder("report-html-");
        var model = HtmlReportFixtures.Grid(repeats: 2, withRegions: false);

        var charts = HtmlReport.Write(folder.Path, model);

        Assert.True(File.Exists(folder.File(HtmlReport.FileName)));
        Assert.NotEmpty(charts);
        foreach (var chart in charts)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder.Path, chart.ImagePath));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }

        Assert.Equal(charts.Select(c => Path.GetFileName(c.ImagePath)).Order(), Directory.GetFiles(folder.File(HtmlReport.ChartsFolder)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Rewriting_removes_charts_the_new_report_no_longer_draws_and_keeps_other_files()
    {
        using var folder = new TemporaryFolder("report-html-");
        var withRegions = HtmlReportFixtures.Grid(repeats: 2);
        HtmlReport.Write(folder.Path, withRegions);
        var foreign = folder.File(Path.Combine(HtmlReport.ChartsFolder, "my-notes.png"));
        File.WriteAllBytes(foreign, [1, 2, 3]);
        Assert.True(File.Exists(folder.File(Path.Combine(HtmlReport.ChartsFolder, "decision-regions.png"))));

        HtmlReport.Write(folder.Path, withRegions with { Points = null, DecisionRegions = [] });

        Assert.False(File.Exists(folder.File(Path.Combine(HtmlReport.ChartsFolder, "decision-regions.png"))));
        Assert.True(File.Exists(folder.File(Path.Combine(HtmlReport.ChartsFolder, "ranking.png"))));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public void A_sweep_without_finished_trials_still_has_every_section_each_saying_why_it_is_empty()
    {
        var model = new HtmlReportModel { Title = "nothing yet", IsGrid = true, Complete = false, Settings = HtmlReportFixtures.Settings, Configurations = [], Trials = [] };

        var page = Parse(HtmlReport.Render(model).Html);

        Assert.Equal(9, page.QuerySelectorAll("h2").Length);
        Assert.Empty(page.QuerySelectorAll("figure.chart"));
        Assert.Equal(7, page.QuerySelectorAll("p.empty").Length); // six chart sections and the run facts
        Assert.Contains("INCOMPLETE", page.QuerySelector(".incomplete")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("no best configuration", page.QuerySelector(".verdict")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_setting_with_more_values_than_a_heat_map_shows_is_binned_and_equal_accuracies_still_draw()
    {
        // 3 dropout rates × 14 learning rates, every trial 0.5: the 42 trials' learning rates fall into 42 / 5 = 8
        // quantile bins (at least 5 trials each), so 3 × 8 cells.
        var learningRates = Enumerable.Range(1, 14).Select(i => i / 100.0).ToArray();
        var values = new[] { 0.0, 0.1, 0.2 }.SelectMany(d => learningRates.Select(lr => new[] { d, lr })).ToArray();
        var model = Model([new("DropoutRate"), new("LearningRate")], values, values.Select(_ => 0.5).ToArray(), isGrid: true);

        var rows = Rows(Parse(HtmlReport.Render(model).Html), "pair-dropout-rate-learning-rate");

        Assert.Equal(3 * 8, rows.Length);
        Assert.All(rows, row => Assert.Equal("0.5000", row[2]));
        Assert.Equal(3 * 8, rows.Select(row => (row[0], row[1])).Distinct().Count());
    }

    [Fact]
    public void When_the_best_has_the_lowest_dropout_rate_it_is_compared_with_the_best_configuration_with_more()
    {
        double[][] values = [[0.0], [0.1], [0.2], [0.0]];
        var trials = new[] { 0.9, 0.8, 0.85, 0.7 }.Select((a, i) => new ReportTrial(i + 1, i + 1, 1, "Completed", a, 1 - a)).ToArray();
        var statistics = ConfigurationComparison.Compute([1, 3, 2, 4], trials.Select(t => new TrialOutcome(t.Configuration, 1, t.ValidationAccuracy, t.ValidationLoss)).ToArray(), ComparisonTest.PairedT);
        var model = new HtmlReportModel
        {
            Title = "dropout 0 wins",
            IsGrid = true,
            Settings = [new("DropoutRate")],
            Configurations = statistics.Select(s => new ReportConfiguration(s, [new ReportSettingValue(values[s.Configuration - 1][0], "x")], values[s.Configuration - 1][0])).ToArray(),
            Trials = trials,
        };

        Assert.Equal(3, HtmlReport.Comparison(model)!.Configuration); // dropout 0.2, ranked second
        Assert.Equal([1, 3], HtmlReport.RegionTrials(model).Select(t => t.Configuration));
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static string[][] Rows(IDocument page, string chart) =>
        page.QuerySelectorAll($"figure[data-chart={chart}] table tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToArray();

    private static string Four(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static HtmlReportModel Model(ReportSetting[] settings, double[][] values, double[] accuracies, bool isGrid)
    {
        var trials = accuracies.Select((a, i) => new ReportTrial(i + 1, i + 1, 1, "Completed", a, 1 - a)).ToArray();
        var order = trials.OrderByDescending(t => t.ValidationAccuracy).Select(t => t.Configuration).ToArray();
        var statistics = ConfigurationComparison.Compute(order, trials.Select(t => new TrialOutcome(t.Configuration, t.Repeat, t.ValidationAccuracy, t.ValidationLoss)).ToArray(), ComparisonTest.Welch);
        return new HtmlReportModel
        {
            Title = "hand-made",
            IsGrid = isGrid,
            Settings = settings,
            Configurations = statistics.Select(s => new ReportConfiguration(s, values[s.Configuration - 1].Select(v => new ReportSettingValue(v, v.ToString(CultureInfo.InvariantCulture))).ToArray(), 0)).ToArray(),
            Trials = trials,
        };
    }
}
