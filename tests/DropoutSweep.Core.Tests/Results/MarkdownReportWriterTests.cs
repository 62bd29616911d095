using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class MarkdownReportWriterTests
{
    private readonly DropoutSweep.Core.Search.SweepPlan _plan = Plan([0.0, 0.2], repeats: 2, extra: ("LearningRate", [0.01, 0.05]));

    [Fact]
    public void The_best_configuration_is_shown_with_every_setting()
    {
        var report = MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary());

        // Configuration 3 (0.8, 0.9): mean 0.85, s = 0.0707, and 95 % interval 0.85 ± t(0.975, 1)·s/√2 = 0.85 ± 12.7062·0.05
        // (t from a Student-t table).
        var best = Section(report, "## Best configuration");
        Assert.Contains("Validation accuracy **0.8500** (95 % confidence interval 0.2147 – 1.4853)", best);
        foreach (var setting in new[] { "Hidden", "Epochs", "Optimizer", "LearningRate (swept)", "Decay", "Momentum", "DropoutRate (swept)", "L1", "L2", "BiasL1", "BiasL2", "OutputL1", "OutputL2", "BatchSize", "EvaluateEvery" })
        {
            Assert.Contains($"| {setting} |", best);
        }

        Assert.Contains("| DropoutRate (swept) | 0.2 |", best);
        Assert.Contains("| LearningRate (swept) | 0.01 |", best);
        Assert.Contains("| Hidden | [512] |", best);
    }

    [Fact]
    public void The_ranked_table_shows_each_mean_with_its_interval_and_test_against_the_best_in_rank_order()
    {
        var report = MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary());

        // Intervals: mean ± 12.7062·s/√2 (t(0.975, 1) from a table). Paired differences from the best: configuration 1
        // (0.6, 0.7) is 0.2 lower in both repeats, no spread, so p = 0; configuration 2 (0.5, 0.5) differs by 0.3 and 0.4,
        // t = 0.35 / 0.05 = 7 with 1 degree of freedom, p = (2/π)·atan(1/7) = 0.0903; Holm over the two: 0 and 0.0903.
        var table = Section(report, "## Ranking").Split('\n').Where(line => line.StartsWith("| ") && !line.StartsWith("| ---")).ToArray();
        Assert.Equal("| rank | dropout_rate | l2 | learning_rate | val_accuracy | val_accuracy 95 % CI | val_loss | val_loss 95 % CI | p (Holm) | tied | best_val_accuracy (mean) | train_accuracy (mean) | trials |", table[0]);
        Assert.StartsWith("| 1 | 0.2 | 0.0005 | 0.01 | 0.8500 | 0.2147 – 1.4853 | 0.5000 | 0.5000 – 0.5000 | best | — |", table[1]);
        Assert.StartsWith("| 2 | 0 | 0.0005 | 0.01 | 0.6500 | 0.0147 – 1.2853 | 0.5000 | 0.5000 – 0.5000 | <0.0001 | no |", table[2]);
        Assert.StartsWith("| 3 | 0 | 0.0005 | 0.05 | 0.5000 | 0.5000 – 0.5000 | 0.5000 | 0.5000 – 0.5000 | 0.0903 | yes |", table[3]);
        Assert.EndsWith("| 1 Completed, 1 Diverged |", table[^1]);
        Assert.DoesNotContain("±", Section(report, "## Ranking"));
    }

    [Fact]
    public void With_one_repeat_the_ranking_shows_means_only_and_says_a_close_second_may_be_luck()
    {
        var plan = Plan([0.0, 0.2]);
        var report = MarkdownReportWriter.Format(Ranking.Build(plan, [Completed(plan, 1, 0.6), Completed(plan, 2, 0.7)]), Summary());

        Assert.Contains("With one repeat per configuration there is no confidence interval and no test", Section(report, "## Best configuration"));
        Assert.Contains("| 1 | 0.2 | 0.0005 | 0.05 | 0.7000 | 0.5000 |", Section(report, "## Ranking"));
        Assert.DoesNotContain("95 % CI", report);
    }

    [Fact]
    public void Test_set_figures_are_shown_beside_the_validation_figures_when_the_trials_have_them()
    {
        // Test accuracy 0.1 below each trial's validation accuracy, test loss 0.25 (a diverged trial has none).
        var results = Results().Select(r => r.Status == TrialStatus.Completed ? r with { TestAccuracy = r.ValidationAccuracy - 0.1, TestLoss = 0.25 } : r).ToArray();

        var report = MarkdownReportWriter.Format(Ranking.Build(_plan, results), Summary());

        // The best configuration's trials 5 and 6: test accuracies 0.7 and 0.8, mean 0.75, sample std 0.0707.
        Assert.Contains("On the held-out test set: accuracy 0.7500 ± 0.0707, loss 0.2500 ± 0.0000 (measured once per trial after training; never used for ranking).", Section(report, "## Best configuration"));
        var table = Section(report, "## Ranking").Split('\n').Where(line => line.StartsWith("| ")).ToArray();
        Assert.Equal(
            "| rank | dropout_rate | l2 | learning_rate | val_accuracy | val_accuracy 95 % CI | val_loss | val_loss 95 % CI | p (Holm) | tied | best_val_accuracy (mean) | test_accuracy (mean) | train_accuracy (mean) | trials |",
            table[0]);
        Assert.Equal("0.7500", table[2].Split('|', StringSplitOptions.TrimEntries)[12]);
        Assert.DoesNotContain("held-out test set", MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary()));
    }

    [Fact]
    public void The_per_parameter_summary_gives_the_mean_accuracy_of_each_value()
    {
        var report = MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary());

        var summary = Section(report, "## Per-parameter summary");
        var dropout = Section(summary, "### dropout_rate");
        Assert.Contains("| 0 | 4 | 0.5750 ± 0.0957 | 0.7000 (trial 2) |", dropout);
        Assert.Contains("| 0.2 | 3 of 4 | 0.8333 ± 0.0577 | 0.9000 (trial 6) |", dropout);
        var learningRate = Section(summary, "### learning_rate");
        Assert.Contains("| 0.01 | 4 | 0.7500 ± 0.1291 |", learningRate);
        Assert.Contains("| 0.05 | 3 of 4 | 0.6000 ± 0.1732 |", learningRate);
        Assert.DoesNotContain("### l2", summary);
    }

    [Fact]
    public void Trials_that_did_not_complete_are_listed_with_their_reasons()
    {
        var report = MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary());

        var problems = Section(report, "## Diverged, failed, timed-out and cancelled trials");
        Assert.Contains("| 8 | Diverged | 0.2 | 0.0005 | 0.05 | 1 | 127.0.0.1:41234 | loss is NaN at epoch 3 \\| lr too high |", problems);
    }

    [Fact]
    public void The_run_facts_give_version_machine_cores_time_and_trials_per_minute()
    {
        var report = MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary());

        var facts = Section(report, "## Run");
        Assert.Contains("8 of 8 finished: 7 Completed, 1 Diverged", facts);
        Assert.Contains("total time 2m 00s", facts);
        Assert.Contains("Trials per minute: 4.0", facts);
        Assert.Contains("Tool version 9.9.9-test; machine test-machine, 2 cores, parallelism 2", facts);
        Assert.Contains("hash `plan-hash-123`", facts);
        Assert.Contains("spiral 1000×3", facts);
        Assert.DoesNotContain("INCOMPLETE", report);
    }

    [Fact]
    public void A_partial_or_interrupted_sweep_is_marked_incomplete()
    {
        var partial = MarkdownReportWriter.Format(Ranking.Build(_plan, Results().Take(5).ToArray()), Summary());
        var interrupted = MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary(complete: false));

        Assert.StartsWith("# Sweep `test-sweep` — INCOMPLETE", partial);
        Assert.Contains("**INCOMPLETE**: 5 of 8 trials finished", partial);
        Assert.StartsWith("# Sweep `test-sweep` — INCOMPLETE", interrupted);
    }

    [Fact]
    public void A_sweep_where_nothing_completed_says_so_instead_of_naming_a_best()
    {
        var plan = Plan([0.1]);

        var report = MarkdownReportWriter.Format(Ranking.Build(plan, [NotCompleted(plan, 1, TrialStatus.Failed, "boom")]), Summary());

        Assert.Contains("No configuration completed every repeat with finite metrics.", report);
        Assert.Contains("| 1 | Failed |", report);
    }

    [Fact]
    public void The_ranking_shows_the_top_fifty_configurations_and_says_so()
    {
        var plan = Plan(Enumerable.Range(0, 60).Select(i => i / 100.0).ToArray());
        var results = plan.Trials.Select(trial => Completed(plan, trial.TrialId, 0.5 + (trial.TrialId / 1000.0))).ToArray();

        var report = MarkdownReportWriter.Format(Ranking.Build(plan, results), Summary());

        var ranking = Section(report, "## Ranking");
        Assert.Contains("The top 50 of 60 configurations (all of them are in `results.csv` and `results.json`)", ranking);
        var rows = ranking.Split('\n').Where(line => line.StartsWith("| ") && !line.StartsWith("| ---") && !line.StartsWith("| rank")).ToArray();
        Assert.Equal(50, rows.Length);
        Assert.StartsWith("| 1 | 0.59 |", rows[0]); // trial 60 scored best
        Assert.StartsWith("| 50 | 0.1 |", rows[^1]);
    }

    [Fact]
    public void A_setting_with_more_than_ten_values_is_summarised_in_ten_quantile_bins()
    {
        // 100 distinct dropout rates 0, 0.001, ..., 0.099: ten bins of ten, the first 0 – 0.009, the last 0.09 – 0.099.
        var plan = Plan(Enumerable.Range(0, 100).Select(i => i / 1000.0).ToArray());
        var results = plan.Trials.Select(trial => Completed(plan, trial.TrialId, 0.5)).ToArray();

        var report = MarkdownReportWriter.Format(Ranking.Build(plan, results), Summary());

        var dropout = Section(Section(report, "## Per-parameter summary"), "### dropout_rate");
        var rows = dropout.Split('\n').Where(line => line.StartsWith("| ") && !line.StartsWith("| ---") && !line.StartsWith("| values")).ToArray();
        Assert.Equal(10, rows.Length);
        Assert.StartsWith("| 0 – 0.009 | 10 | 0.5000 ± 0.0000 |", rows[0]);
        Assert.StartsWith("| 0.09 – 0.099 | 10 |", rows[^1]);
        Assert.Contains("100 trials, 10 quantile bins", dropout);
    }

    [Fact]
    public void A_diverged_trial_shows_what_diverged_and_a_configuration_with_missing_repeats_says_how_many()
    {
        var partial = Results().Take(7).ToArray();

        var report = MarkdownReportWriter.Format(Ranking.Build(_plan, [.. partial[..5], partial[6] with { Status = TrialStatus.Diverged, Reason = "training data loss became NaN at epoch 4" }]), Summary());

        Assert.Contains("| 7 | Diverged | 0.2 | 0.0005 | 0.05 | 1 | local | training data loss became NaN at epoch 4 |", Section(report, "## Diverged, failed, timed-out and cancelled trials"));
        var ranking = Section(report, "## Ranking");
        Assert.Contains("| 1 of 2 |", ranking); // configuration 2: trial 5 finished, trial 6 not
    }

    [Fact]
    public void The_label_mapping_of_a_csv_data_set_is_in_the_run_facts()
    {
        var report = MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary() with { ClassNames = ["setosa", "versicolor", "virginica"] });
        var spiral = MarkdownReportWriter.Format(Ranking.Build(_plan, Results()), Summary() with { ClassNames = ["0", "1", "2"] });

        Assert.Contains("- Classes (label → class): setosa → 0, versicolor → 1, virginica → 2\n", Section(report, "## Run"));
        Assert.DoesNotContain("Classes", spiral);
    }

    // Configurations: 0 = (0, 0.01), 1 = (0, 0.05), 2 = (0.2, 0.01), 3 = (0.2, 0.05); two repeats each.
    private TrialResult[] Results() =>
    [
        Completed(_plan, 1, 0.6), Completed(_plan, 2, 0.7),
        Completed(_plan, 3, 0.5), Completed(_plan, 4, 0.5),
        Completed(_plan, 5, 0.8), Completed(_plan, 6, 0.9),
        Completed(_plan, 7, 0.8), NotCompleted(_plan, 8, TrialStatus.Diverged, "loss is NaN at epoch 3 | lr too high"),
    ];

    /// <summary>The text from a heading to the next heading of the same or a higher level.</summary>
    private static string Section(string report, string heading)
    {
        var start = report.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}' in:\n{report}");
        var level = heading.TakeWhile(c => c == '#').Count();
        var end = report.Length;
        for (var l = 1; l <= level; l++)
        {
            var next = report.IndexOf("\n" + new string('#', l) + " ", start + heading.Length, StringComparison.Ordinal);
            if (next >= 0)
            {
                end = Math.Min(end, next);
            }
        }

        return report[start..end];
    }
}
