using System.Text.Json;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;
using Xunit;

namespace DropoutSweep.Core.Tests.Scheduling;

/// <summary>The reports of a successive-halving sweep: ranking by rung reached, Pruned and the rung per trial, the rung table.</summary>
public sealed class RungReportTests
{
    private static (Ranking Ranking, SweepSummary Summary) Report()
    {
        // The sweep of RungScheduleTests: 9 configurations, rungs at 10, 30 and 90 epochs; 8 reaches rung 3, 6 and 2
        // are pruned at rung 2, the other six at rung 1.
        var plan = RungScheduleTests.Plan(configurations: 9, repeats: 1);
        var run = ScheduleSimulation.Simulate(TrialSchedule.Of(plan, [], [], []), RungScheduleTests.AccuracyOf, ScheduleSimulation.Order.AsHandedOut);
        var summary = new SweepSummary { StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(10), RungDecisions = run.Decisions, WorkerTime = new WorkerTime(2, 20, 1) };
        return (Ranking.Build(plan, run.Finals), summary);
    }

    [Fact]
    public void The_funnel_and_its_epochs_follow_from_the_plan_before_any_trial_runs()
    {
        // The sweep: 81 configurations × 2 repeats, rungs at 50, 150, 450, 1350 and 4000 epochs, η 3:
        // 81 → 27 → 9 → 3 → 1, and 2 × (81·50 + 27·100 + 9·300 + 3·900 + 1·2650) = 29,600 epochs (hand-computed).
        var plan = PlanBuilder.Build(new SweepOptions
        {
            Repeats = 2,
            Dataset = new DatasetOptions { ValidationFraction = 0.5 },
            Training = new TrainingOptions { Epochs = 4000, EvaluateEvery = 50 },
            Space =
            [
                new SweptParameter("DropoutRate", new ParameterRange { Values = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4] }),
                new SweptParameter("L2", new ParameterRange { Values = [0, 5e-5, 5e-4] }),
                new SweptParameter("LearningRate", new ParameterRange { Values = [0.01, 0.02, 0.05] }),
            ],
            Scheduler = new SchedulerOptions { Kind = SchedulerKind.SuccessiveHalving, MinEpochs = 50 },
        });

        Assert.Equal([81, 27, 9, 3, 1], RungTable.Of(plan, []).Select(r => r.Configurations));
        Assert.Equal(29_600, RungTable.PlannedEpochs(plan));
    }

    [Fact]
    public void The_ranking_puts_the_highest_rung_reached_first_then_the_metric_there()
    {
        var (ranking, _) = Report();

        // Rung 3: 8. Rung 2: 6 (0.95), 2 (0.90). Rung 1: 4 (0.80), 3 (0.70), 9 (0.65), 5 (0.60), 7 (0.55), 1 (0.50).
        Assert.Equal([8, 6, 2, 4, 3, 9, 5, 7, 1], ranking.Configurations.Select(c => c.Configuration));
        Assert.Equal([3, 2, 2, 1, 1, 1, 1, 1, 1], ranking.Configurations.Select(c => c.Rung!.Value));
        Assert.Equal(8, ranking.Best!.Configuration);
    }

    [Fact]
    public void Report_md_has_the_rung_table_and_results_json_and_csv_the_rung_of_every_trial()
    {
        var (ranking, summary) = Report();

        var markdown = MarkdownReportWriter.Format(ranking, summary);
        Assert.Contains("| rung | epochs | configurations | promoted |\n| ---: | ---: | ---: | ---: |\n| 1 | 10 | 9 | 3 |\n| 2 | 30 | 3 | 1 |\n| 3 | 90 | 1 | — |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Epochs trained: 210 of the 810 that training every trial to the end takes (25.9 %)", markdown, StringComparison.Ordinal);
        Assert.Contains("- Workers idle: 5.0 % of their time (1.0 s of 20.0 s over 2 workers)", markdown, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(ResultsJsonWriter.Format(ranking, summary));
        var rungs = json.RootElement.GetProperty("sweep").GetProperty("rungs").EnumerateArray()
            .Select(r => (r.GetProperty("rung").GetInt32(), r.GetProperty("epochs").GetInt32(), r.GetProperty("configurations").GetInt32(), r.GetProperty("promoted").ValueKind == JsonValueKind.Null ? (int?)null : r.GetProperty("promoted").GetInt32(), r.GetProperty("decided").GetBoolean()));
        Assert.Equal([(1, 10, 9, 3, true), (2, 30, 3, 1, true), (3, 90, 1, null, false)], rungs);
        var first = json.RootElement.GetProperty("trials")[0];
        Assert.Equal(("Completed", 3), (first.GetProperty("status").GetString(), first.GetProperty("rung").GetInt32()));
        var last = json.RootElement.GetProperty("trials")[8];
        Assert.Equal(("Pruned", 1, 10, false), (last.GetProperty("status").GetString(), last.GetProperty("rung").GetInt32(), last.GetProperty("epochsRun").GetInt32(), last.GetProperty("stoppedEarly").GetBoolean()));

        var csv = ResultsCsvWriter.Format(ranking).Split('\n');
        var columns = csv[0].Split(',').ToList();
        var lastRow = csv[9].Split(',');
        Assert.Equal(("Pruned", "1", "false"), (lastRow[columns.IndexOf("status")], lastRow[columns.IndexOf("rung")], lastRow[columns.IndexOf("stopped_early")]));
        Assert.Equal("3", csv[1].Split(',')[columns.IndexOf("rung")]);
    }
}
