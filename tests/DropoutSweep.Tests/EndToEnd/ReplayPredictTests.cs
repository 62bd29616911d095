using System.Globalization;
using System.Text.Json;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// <c>replay</c> and <c>predict</c> through the executable, on a finished CSV sweep (iris.json: 2 trials on iris.csv,
/// 50 rows per class; its validation fraction 0.3 holds out 15 of each, so 105 training and 45 validation rows).
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class ReplayPredictTests(IrisSweep sweep) : IClassFixture<IrisSweep>
{
    [Fact]
    public async Task Replaying_a_trial_gives_the_journals_metrics_and_curve_bit_for_bit()
    {
        using var replay = await sweep.RunAsync("replay", "--out", "out", "--trial", "2");

        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("identical: all ", replay.Output, StringComparison.Ordinal);
        Assert.Contains("the 6 evaluations of the learning curve", replay.Output, StringComparison.Ordinal); // epochs 25, 50, ..., 150
    }

    [Fact]
    public async Task A_journal_that_differs_from_the_replay_is_named_and_exits_1()
    {
        // A copy of the output folder whose journal says trial 1 reached one more validation row.
        var copy = Path.Combine(sweep.Folder, "tampered");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(sweep.Output))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var lines = File.ReadAllLines(Path.Combine(copy, "trials.jsonl"));
        var first = JsonDocument.Parse(lines[0]).RootElement;
        var accuracy = first.GetProperty("validationAccuracy").GetDouble();
        var changed = accuracy + (1.0 / 45);
        lines[0] = lines[0].Replace(
            $"\"validationAccuracy\":{accuracy.ToString("R", CultureInfo.InvariantCulture)}",
            $"\"validationAccuracy\":{changed.ToString("R", CultureInfo.InvariantCulture)}",
            StringComparison.Ordinal);
        File.WriteAllLines(Path.Combine(copy, "trials.jsonl"), lines);

        using var replay = await sweep.RunAsync("replay", "--out", "tampered", "--trial", first.GetProperty("trialId").GetInt32().ToString(CultureInfo.InvariantCulture));

        Assert.True(replay.ExitCode == 1, replay.ToString());
        Assert.Contains(
            $"valAccuracy: {changed.ToString("R", CultureInfo.InvariantCulture)} in the journal, {accuracy.ToString("R", CultureInfo.InvariantCulture)} replayed",
            replay.Output,
            StringComparison.Ordinal);
        Assert.DoesNotContain("identical:", replay.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_replay_arguments_exit_2_and_write_nothing()
    {
        using var noTrial = await sweep.RunAsync("replay", "--out", "out", "--trial", "99");
        using var noSweep = await sweep.RunAsync("replay", "--out", "nowhere", "--trial", "1");
        File.WriteAllText(Path.Combine(sweep.Folder, "notes.txt"), "mine");
        using var foreignFile = await sweep.RunAsync("replay", "--out", "out", "--trial", "1", "--save-model", "notes.txt");

        Assert.Equal(2, noTrial.ExitCode);
        Assert.Contains("--trial = 99: the sweep has trials 1 to 2.", noTrial.Error, StringComparison.Ordinal);
        Assert.Equal(2, noSweep.ExitCode);
        Assert.Contains("no such folder", noSweep.Error, StringComparison.Ordinal);
        Assert.Equal(2, foreignFile.ExitCode);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(sweep.Folder, "notes.txt")));
    }

    [Fact]
    public async Task The_saved_model_is_best_model_json_and_predicts_the_csv_as_the_trained_network_evaluated_it()
    {
        var best = sweep.ResultsJson().GetProperty("configurations")[0].GetProperty("config").GetInt32();
        var trial = sweep.ResultsJson().GetProperty("trials").EnumerateArray().Single(t => t.GetProperty("configuration").GetInt32() == best).GetProperty("trial").GetInt32();

        using var replay = await sweep.RunAsync("replay", "--out", "out", "--trial", trial.ToString(CultureInfo.InvariantCulture), "--save-model", "model.json");
        using var predict = await sweep.RunAsync("predict", "--model", "model.json", "--data", "iris.csv", "--out", "predictions.csv");

        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Equal(File.ReadAllBytes(sweep.File("best-model.json")), File.ReadAllBytes(Path.Combine(sweep.Folder, "model.json")));
        Assert.True(predict.ExitCode == 0, predict.ToString());

        // The trainer's own float32 network, in its last evaluation (dropout off), got this many of the 150 rows right.
        var last = sweep.Curves().Last(row => row["trial"] == trial.ToString(CultureInfo.InvariantCulture));
        var correct = Math.Round((105 * double.Parse(last["train_eval_accuracy"], CultureInfo.InvariantCulture)) + (45 * double.Parse(last["val_accuracy"], CultureInfo.InvariantCulture)));
        var rows = File.ReadAllLines(Path.Combine(sweep.Folder, "predictions.csv"));
        Assert.Equal("row,predicted,actual,p_0,p_1,p_2", rows[0]);
        Assert.Equal(151, rows.Length);
        Assert.Equal(correct, rows.Skip(1).Count(row => row.Split(',')[1] == row.Split(',')[2]));
        Assert.Contains($"accuracy {(correct / 150).ToString("0.0000", CultureInfo.InvariantCulture)} ({correct} of 150 rows", predict.Output, StringComparison.Ordinal);
        Assert.All(rows.Skip(1), row => Assert.Equal(1.0, row.Split(',')[3..].Sum(p => double.Parse(p, CultureInfo.InvariantCulture)), 12));
    }

    [Fact]
    public async Task Predicting_without_the_label_column_has_no_actual_and_a_missing_feature_column_exits_2()
    {
        var iris = File.ReadAllLines(Path.Combine(sweep.Folder, "iris.csv"));
        File.WriteAllLines(Path.Combine(sweep.Folder, "unlabelled.csv"), iris.Select(line => string.Join(',', line.Split(',')[..4])));
        File.WriteAllLines(Path.Combine(sweep.Folder, "three-features.csv"), iris.Select(line => string.Join(',', line.Split(',')[1..])));

        using var unlabelled = await sweep.RunAsync("predict", "--model", "out/best-model.json", "--data", "unlabelled.csv");
        using var missing = await sweep.RunAsync("predict", "--model", "out/best-model.json", "--data", "three-features.csv", "--out", "never.csv");

        Assert.True(unlabelled.ExitCode == 0, unlabelled.ToString());
        Assert.StartsWith("row,predicted,p_0,p_1,p_2\n1,", unlabelled.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy", unlabelled.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("'sepal_length_cm'", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sweep.Folder, "never.csv")));
    }
}
