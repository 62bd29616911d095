using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// report.html of a real successive-halving sweep (report-halving.json: 9 configurations × 2 repeats, MinEpochs 60,
/// η 3, Epochs 540), parsed with AngleSharp: the rung funnel carries the rung table, which agrees with a hand
/// computation and with the rung every trial reached in results.json, and each drawn curve stops where its
/// configuration was pruned.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class RungReportHtmlTests(HalvingReportSweep sweep) : IClassFixture<HalvingReportSweep>
{
    private IDocument Page => new HtmlParser().ParseDocument(File.ReadAllText(sweep.File("report.html")));

    [Fact]
    public void The_rungs_section_comes_after_the_ranking_and_its_charts_are_written_and_linked()
    {
        var page = Page;

        Assert.Equal(["verdict", "ranking", "rungs", "settings"], page.QuerySelectorAll("h2").Select(h => h.Id).Take(4));
        var drawn = page.QuerySelectorAll("figure.chart").Select(figure => figure.GetAttribute("data-chart")!).ToArray();
        Assert.Equal(["ranking", "rungs", "rung-curves"], drawn[..3]);
        Assert.Equal(drawn.Select(id => $"{id}.png").Order(), Directory.GetFiles(sweep.File("charts")).Select(Path.GetFileName).Order());
        var markdown = File.ReadAllText(sweep.File("report.md"));
        Assert.Contains("![Rungs](charts/rungs.png)", markdown, StringComparison.Ordinal);
        Assert.Contains("![Curves up to pruning](charts/rung-curves.png)", markdown, StringComparison.Ordinal);

        // The setting charts draw the completed trials alone, and say so: 1 configuration × 2 repeats of the 9 × 2.
        Assert.Contains("only the 2 of 18 trials that completed the last rung are drawn here", page.QuerySelector("#settings + p.note")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_funnel_carries_the_rung_table_which_is_the_plan_and_what_the_trials_reached()
    {
        var funnel = Rows("rungs");

        // By hand: rungs at 60, 60 · 3 = 180 and Epochs = 540; ⌈9 / 3⌉ = 3 and ⌈3 / 3⌉ = 1 go on.
        Assert.Equal(
            [
                ["1", "1", "0", "60", "9", "3", "yes"],
                ["1", "2", "60", "180", "3", "1", "yes"],
                ["1", "3", "180", "540", "1", "—", "last rung"],
            ],
            funnel);

        // results.json's rung table, row for row.
        var json = sweep.ResultsJson();
        var rungs = json.GetProperty("sweep").GetProperty("rungs").EnumerateArray().ToArray();
        Assert.Equal(rungs.Length, funnel.Length);
        for (var i = 0; i < rungs.Length; i++)
        {
            var promoted = rungs[i].GetProperty("promoted");
            Assert.Equal(
                [Int(rungs[i], "bracket"), Int(rungs[i], "rung"), Int(rungs[i], "fromEpochs"), Int(rungs[i], "epochs"), Int(rungs[i], "configurations"), promoted.ValueKind == JsonValueKind.Null ? "—" : promoted.GetInt32().ToString(CultureInfo.InvariantCulture)],
                funnel[i][..6]);
        }

        // The trials themselves: a rung trained every configuration with a trial that reached it, promoted those with
        // a trial that reached the next, and each repeat stopped at its rung's epochs.
        var trials = json.GetProperty("trials").EnumerateArray().ToArray();
        foreach (var row in funnel)
        {
            var rung = int.Parse(row[1], CultureInfo.InvariantCulture);
            Assert.Equal(row[4], trials.Where(t => t.GetProperty("rung").GetInt32() >= rung).Select(t => t.GetProperty("configuration").GetInt32()).Distinct().Count().ToString(CultureInfo.InvariantCulture));
            if (row[5] != "—")
            {
                Assert.Equal(row[5], trials.Where(t => t.GetProperty("rung").GetInt32() > rung).Select(t => t.GetProperty("configuration").GetInt32()).Distinct().Count().ToString(CultureInfo.InvariantCulture));
            }

            Assert.All(trials.Where(t => t.GetProperty("rung").GetInt32() == rung), t => Assert.Equal(row[3], Int(t, "epochsRun")));
        }

        Assert.Equal(16, trials.Count(t => t.GetProperty("status").GetString() == "Pruned"));
        Assert.Contains("9 → 3", Page.QuerySelector("figure[data-chart=rungs] svg")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_configurations_curve_stops_at_the_rung_that_pruned_it()
    {
        var json = sweep.ResultsJson();
        var budgets = json.GetProperty("sweep").GetProperty("rungs").EnumerateArray().ToDictionary(r => Int(r, "rung"), r => Int(r, "epochs"));
        var trials = json.GetProperty("trials").EnumerateArray().ToDictionary(t => Int(t, "trial"));
        var lastPoint = sweep.Curves().GroupBy(row => row["trial"]).ToDictionary(g => g.Key, g => g.Last());
        var rows = Rows("rung-curves");

        // Nine configurations, fewer than the chart's 30: every one is drawn, the one that reached rung 3 first.
        Assert.Equal(9, rows.Length);
        Assert.Equal("3", rows[0][2]);
        Assert.Equal(9, rows.Select(row => row[1]).Distinct().Count());
        foreach (var row in rows)
        {
            var trial = trials[row[3]];
            Assert.Equal("1", Int(trial, "repeat"));
            Assert.Equal(row[1], Int(trial, "configuration"));
            Assert.Equal(row[2], Int(trial, "rung"));
            Assert.Equal(budgets[row[2]], row[4]);
            Assert.Equal(lastPoint[row[3]]["epoch"], row[4]);
            Assert.Equal(double.Parse(lastPoint[row[3]]["val_accuracy"], CultureInfo.InvariantCulture).ToString("0.0000", CultureInfo.InvariantCulture), row[5]);
        }
    }

    [Fact]
    public async Task Replay_retrains_a_pruned_trial_to_the_rung_that_stopped_it_and_a_finalist_through_every_rung()
    {
        var trials = sweep.ResultsJson().GetProperty("trials").EnumerateArray().ToArray();
        var pruned = trials.First(t => t.GetProperty("status").GetString() == "Pruned" && t.GetProperty("rung").GetInt32() == 2);
        var finalist = trials.First(t => t.GetProperty("status").GetString() == "Completed");

        using var replayedPruned = await sweep.RunAsync("replay", "--out", "out", "--trial", Int(pruned, "trial"));
        using var replayed = await sweep.RunAsync("replay", "--out", "out", "--trial", Int(finalist, "trial"));
        using var refusedModel = await sweep.RunAsync("replay", "--out", "out", "--trial", Int(pruned, "trial"), "--save-model", "pruned.json");

        // The pruned trial was trained through rungs 1 and 2 (60, then 180 epochs) and paused; trained straight to epoch
        // 180 it must give the journal's metrics and curve bit for bit, with the status it was journaled with.
        Assert.True(replayedPruned.ExitCode == 0, replayedPruned.ToString());
        Assert.Contains("Trained 180 epochs (to the end of rung 2, which pruned it)", replayedPruned.Output, StringComparison.Ordinal);
        Assert.Contains("identical:", replayedPruned.Output, StringComparison.Ordinal);
        Assert.True(replayed.ExitCode == 0, replayed.ToString()); // trained straight to 540 epochs, equal to the journal's trial trained through the rungs
        Assert.True(refusedModel.ExitCode == 2, refusedModel.ToString());
        Assert.Contains($"was pruned at rung 2 after 180 epochs; only a trial trained to its last epoch is saved as a model.", refusedModel.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sweep.Folder, "pruned.json")));
    }

    private string[][] Rows(string chart) =>
        Page.QuerySelectorAll($"figure[data-chart={chart}] table tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToArray();

    private static string Int(JsonElement element, string name) => element.GetProperty(name).GetInt32().ToString(CultureInfo.InvariantCulture);
}
