using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// report.html of a real sweep (report-spiral.json: 2 dropout rates × 2 L2 penalties × 2 repeats on the spiral), parsed
/// with AngleSharp: nothing fetched, every chart there with its image, and the numbers each chart draws are the sweep's
/// own (results.json, curves.csv), recomputed here where the statistics allow it by hand.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class ReportHtmlTests(SpiralReportSweep sweep) : IClassFixture<SpiralReportSweep>
{
    private static readonly string[] Charts =
        ["ranking", "setting-dropout-rate", "setting-l2", "pair-dropout-rate-l2", "curves-best", "curves-top", "decision-regions", "importance"];

    private IDocument Page => new HtmlParser().ParseDocument(File.ReadAllText(sweep.File("report.html")));

    [Fact]
    public void The_console_names_report_html_at_the_end()
    {
        var last = sweep.Console.Split('\n').Last(line => line.Contains(" INF ", StringComparison.Ordinal));
        Assert.Contains($"report {sweep.File("report.html")}", last, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_fetches_nothing()
    {
        var page = Page;
        var html = page.DocumentElement.OuterHtml;

        Assert.Empty(page.QuerySelectorAll("script, link, iframe, object, embed, img, video, audio, source"));
        foreach (var element in page.All)
        {
            foreach (var attribute in element.Attributes.Where(a => a.LocalName is "src" or "href" or "srcset" or "poster" or "action" or "data"))
            {
                Assert.True(attribute.Value.StartsWith('#') || attribute.Value.StartsWith("data:", StringComparison.Ordinal), $"<{element.LocalName} {attribute.Name}=\"{attribute.Value[..Math.Min(60, attribute.Value.Length)]}\">");
            }
        }

        Assert.All(Regex.Matches(html, @"url\(([^)]*)\)"), match => Assert.Matches(@"^(#|data:)", match.Groups[1].Value));
        Assert.Equal(["http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg"], Regex.Matches(html, @"https?://[^""'\s<>)]+").Select(m => m.Value).Distinct().Order());
    }

    [Fact]
    public void Every_chart_is_drawn_written_as_an_image_and_linked_from_report_md()
    {
        var drawn = Page.QuerySelectorAll("figure.chart").Select(figure => figure.GetAttribute("data-chart")!).ToArray();

        Assert.Equal(Charts, drawn);
        Assert.All(drawn, id => Assert.NotNull(Page.QuerySelector($"figure[data-chart={id}] svg")));
        Assert.Equal(Charts.Select(id => $"{id}.png").Order(), Directory.GetFiles(sweep.File("charts")).Select(Path.GetFileName).Order());
        var markdown = File.ReadAllText(sweep.File("report.md"));
        Assert.Equal(Charts.Select(id => $"charts/{id}.png").Order(), Regex.Matches(markdown, @"!\[[^\]]*\]\(([^)]+)\)").Select(m => m.Groups[1].Value).Order());
    }

    [Fact]
    public void The_ranking_chart_and_the_table_of_configurations_carry_results_jsons_statistics()
    {
        var configurations = sweep.ResultsJson().GetProperty("configurations").EnumerateArray().ToArray();
        var ranking = Rows("ranking");
        var table = Page.QuerySelectorAll("table.configurations tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToArray();

        Assert.Equal(4, configurations.Length);
        Assert.Equal(4, ranking.Length);
        for (var i = 0; i < configurations.Length; i++)
        {
            var c = configurations[i];
            string[] expected =
            [
                c.GetProperty("rank").GetInt32().ToString(CultureInfo.InvariantCulture),
                c.GetProperty("config").GetInt32().ToString(CultureInfo.InvariantCulture),
                c.GetProperty("dropoutRate").GetDouble().ToString(CultureInfo.InvariantCulture),
                c.GetProperty("l2").GetDouble().ToString(CultureInfo.InvariantCulture),
                Four(c, "valAccuracyMean"),
                Four(c, "valAccuracyCiLow"),
                Four(c, "valAccuracyCiHigh"),
            ];
            Assert.Equal(expected, ranking[i][..7]);
            Assert.Equal(i == 0 ? "best" : c.GetProperty("tiedWithBest").GetBoolean() ? "yes" : "no", ranking[i][7]);
            Assert.Equal([.. expected[..4], "2", Four(c, "valAccuracyMean"), Four(c, "valAccuracyStd"), Four(c, "valAccuracyCiLow"), Four(c, "valAccuracyCiHigh")], table[i][..9]);
        }
    }

    [Fact]
    public void Results_json_statistics_equal_a_hand_computation_from_the_trials()
    {
        // Two repeats: Student's t with 1 degree of freedom is the Cauchy distribution, so t(0.975, 1) = tan(0.475 π) and
        // the two-sided p of a t statistic is 1 − (2/π)·atan|t|. Repeats share seeds, so the test is paired by repeat.
        var json = sweep.ResultsJson();
        var accuracy = json.GetProperty("trials").EnumerateArray()
            .ToDictionary(t => (t.GetProperty("configuration").GetInt32(), t.GetProperty("repeat").GetInt32()), t => t.GetProperty("valAccuracy").GetDouble());
        var configurations = json.GetProperty("configurations").EnumerateArray().ToArray();
        var best = configurations[0].GetProperty("config").GetInt32();
        var t975 = Math.Tan(0.475 * Math.PI);

        var raw = new List<(int Index, double P)>();
        for (var i = 0; i < configurations.Length; i++)
        {
            var config = configurations[i].GetProperty("config").GetInt32();
            var (a, b) = (accuracy[(config, 1)], accuracy[(config, 2)]);
            var mean = (a + b) / 2;
            var s = Math.Abs(a - b) / Math.Sqrt(2);
            Assert.Equal(mean, configurations[i].GetProperty("valAccuracyMean").GetDouble(), 12);
            Assert.Equal(s, configurations[i].GetProperty("valAccuracyStd").GetDouble(), 12);
            Assert.Equal(mean - (t975 * s / Math.Sqrt(2)), configurations[i].GetProperty("valAccuracyCiLow").GetDouble(), 9);
            Assert.Equal(mean + (t975 * s / Math.Sqrt(2)), configurations[i].GetProperty("valAccuracyCiHigh").GetDouble(), 9);
            if (i == 0)
            {
                Assert.Equal(JsonValueKind.Null, configurations[i].GetProperty("pValue").ValueKind);
                continue;
            }

            var (d1, d2) = (accuracy[(best, 1)] - a, accuracy[(best, 2)] - b);
            var sd = Math.Abs(d1 - d2) / Math.Sqrt(2);
            var p = sd == 0 ? (d1 == 0 ? 1.0 : 0.0) : 1 - (2 / Math.PI * Math.Atan(Math.Abs((d1 + d2) / 2 / (sd / Math.Sqrt(2)))));
            Assert.Equal(p, configurations[i].GetProperty("pValue").GetDouble(), 9);
            raw.Add((i, p));
        }

        // Holm by hand: sorted ascending, the k-th (from 0) times (m − k), made non-decreasing, at most 1.
        var running = 0.0;
        foreach (var ((index, p), k) in raw.OrderBy(r => r.P).Select((r, k) => (r, k)))
        {
            running = Math.Max(running, Math.Min(1, (raw.Count - k) * p));
            Assert.Equal(running, configurations[index].GetProperty("pValueHolm").GetDouble(), 9);
            Assert.Equal(running >= 0.05, configurations[index].GetProperty("tiedWithBest").GetBoolean());
        }

        Assert.Equal("paired t-test", json.GetProperty("sweep").GetProperty("test").GetString());
    }

    [Fact]
    public void The_learning_curves_and_decision_regions_are_the_first_repeats_of_the_best_and_its_comparison()
    {
        var json = sweep.ResultsJson();
        var firstRepeat = json.GetProperty("trials").EnumerateArray()
            .Where(t => t.GetProperty("repeat").GetInt32() == 1)
            .ToDictionary(t => t.GetProperty("configuration").GetInt32(), t => t.GetProperty("trial").GetInt32());
        var lastPoint = sweep.Curves().GroupBy(row => int.Parse(row["trial"], CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Last());
        var curves = Rows("curves-best");
        var regions = Rows("decision-regions");
        var best = json.GetProperty("configurations")[0].GetProperty("config").GetInt32();

        Assert.Equal(2, curves.Length);
        Assert.Equal(best.ToString(CultureInfo.InvariantCulture), curves[0][0]);
        Assert.Equal(curves.Select(row => row[0]), regions.Select(row => row[0]));
        foreach (var row in curves)
        {
            var trial = firstRepeat[int.Parse(row[0], CultureInfo.InvariantCulture)];
            var point = lastPoint[trial];
            Assert.Equal(
                [trial.ToString(CultureInfo.InvariantCulture), point["epoch"], .. new[] { "train_eval_loss", "val_loss", "train_eval_accuracy", "val_accuracy" }.Select(column => Four(point[column]))],
                row[2..]);
        }

        // Each panel is the network replayed from the plan, drawn by the saved-model code; on the training points it
        // agrees with what the trainer's own network measured there in its last evaluation (dropout off).
        foreach (var row in regions)
        {
            var trial = firstRepeat[int.Parse(row[0], CultureInfo.InvariantCulture)];
            Assert.Equal(Four(lastPoint[trial]["train_eval_accuracy"]), row[2]);
        }

        using var model = JsonDocument.Parse(File.ReadAllBytes(sweep.File("best-model.json")));
        Assert.Equal(firstRepeat[best], model.RootElement.GetProperty("source").GetProperty("trial").GetInt32());
        Assert.Equal(["x", "y"], model.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
    }

    private string[][] Rows(string chart) =>
        Page.QuerySelectorAll($"figure[data-chart={chart}] table tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToArray();

    private static string Four(JsonElement configuration, string name) => configuration.GetProperty(name).GetDouble().ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Four(string number) => double.Parse(number, CultureInfo.InvariantCulture).ToString("0.0000", CultureInfo.InvariantCulture);
}
