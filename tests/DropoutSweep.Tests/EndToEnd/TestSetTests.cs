using System.Globalization;
using System.Text.Json;
using DropoutSweep.Core.Tests.Data;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// An IDX data set's official test set through a real sweep: each trial's final network is evaluated on it once, the
/// figures reach every file, and the ranking never looks at them. The IDX files are written here (<see cref="IdxWriter"/>),
/// with relative paths that the run resolves to absolute ones.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class TestSetTests
{
    private const int Classes = 3;
    private const int PerClass = 30;
    private const int Side = 4;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Each_trial_reports_its_final_networks_test_accuracy_and_loss_and_the_ranking_ignores_them()
    {
        using var folder = new ScratchFolder();
        var images = WriteData(folder);

        // The test set is the training images themselves, all 90: 72 train the network and 18 (a fifth of each class)
        // validate it. So a trial's test figures must be its final network's figures on those two parts together, which
        // curves.csv records independently at the last epoch (train_eval_* on the 72, val_* on the 18).
        await WriteSweep(folder, "with-test", testImages: "data/train-images.gz", testLabels: "data/train-labels.gz");

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "with-test.json", "--out", "out", "--parallelism", "2");

        Assert.True(process.ExitCode == 0, process.ToString());
        var output = folder["out"];
        var rows = ReportFiles.ReadResultsCsv(output);
        Assert.Equal(4, rows.Count);
        var lastCurvePoint = File.ReadAllLines(Path.Combine(output, "curves.csv")).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(cells => cells[0])
            .ToDictionary(group => group.Key, group => group.Last());
        var curveHeader = File.ReadLines(Path.Combine(output, "curves.csv")).First().Split(',');
        double Curve(string trial, string column) => Number(lastCurvePoint[trial][Array.IndexOf(curveHeader, column)]);
        foreach (var row in rows)
        {
            var trial = row["trial"];
            var correct = (Curve(trial, "train_eval_accuracy") * 72) + (Curve(trial, "val_accuracy") * 18);
            Assert.Equal(Math.Round(correct), Math.Round(Number(row["test_accuracy"]) * 90));
            var loss = ((Curve(trial, "train_eval_loss") * 72) + (Curve(trial, "val_loss") * 18)) / 90;
            Assert.True(Math.Abs(loss - Number(row["test_loss"])) <= 1e-6 * loss, $"trial {trial}: test loss {row["test_loss"]}, expected {loss}");
        }

        // Configurations ranked by mean validation accuracy over their repeats, then validation loss; never by the test figures.
        var configurations = rows.GroupBy(r => r["configuration"]).ToArray();
        var byValidation = configurations
            .OrderByDescending(c => c.Average(r => Number(r["val_accuracy"]))).ThenBy(c => c.Average(r => Number(r["val_loss"])))
            .Select(c => c.Key);
        Assert.Equal(byValidation, configurations.OrderBy(c => int.Parse(c.First()["rank"], CultureInfo.InvariantCulture)).Select(c => c.Key));

        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json"), TestContext.Current.CancellationToken));
        var first = results.RootElement.GetProperty("trials")[0];
        Assert.Equal(Number(rows[0]["test_accuracy"]), first.GetProperty("testAccuracy").GetDouble());
        Assert.Equal(Number(rows[0]["test_loss"]), first.GetProperty("testLoss").GetDouble());
        var journal = File.ReadAllLines(Path.Combine(output, "trials.jsonl")).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.All(journal, line => Assert.InRange(line.GetProperty("testAccuracy").GetDouble(), 0, 1));
        var report = await File.ReadAllTextAsync(Path.Combine(output, "report.md"), TestContext.Current.CancellationToken);
        Assert.Contains("On the held-out test set: accuracy ", report);
        Assert.Contains("| test_accuracy (mean) |", report); // with 2 repeats the ranking gives each mean beside the intervals

        // The relative paths were resolved before the plan was built: plan.json names the files that were read.
        var plan = await File.ReadAllTextAsync(Path.Combine(output, "plan.json"), TestContext.Current.CancellationToken);
        Assert.Contains(JsonEncodedText.Encode(images.TrainImages).ToString(), plan);
        Assert.Contains(JsonEncodedText.Encode(images.TrainLabels).ToString(), plan);
        Assert.DoesNotContain("\"data/train-images.gz\"", plan);
    }

    [Fact]
    public async Task Without_a_test_set_the_test_figures_are_NaN_and_report_md_leaves_them_out()
    {
        using var folder = new ScratchFolder();
        WriteData(folder);
        await WriteSweep(folder, "without-test", testImages: null, testLabels: null);

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "without-test.json", "--out", "out");

        Assert.True(process.ExitCode == 0, process.ToString());
        var rows = ReportFiles.ReadResultsCsv(folder["out"]);
        Assert.All(rows, row => Assert.Equal(("NaN", "NaN"), (row["test_accuracy"], row["test_loss"])));
        Assert.All(rows, row => Assert.InRange(Number(row["val_accuracy"]), 0, 1));
        var report = await File.ReadAllTextAsync(folder["out/report.md"], TestContext.Current.CancellationToken);
        Assert.DoesNotContain("test_accuracy", report);
        Assert.DoesNotContain("held-out test set", report);
    }

    [Fact]
    public async Task A_relative_test_file_that_exists_nowhere_is_refused_naming_the_setting_and_where_it_was_looked_for()
    {
        using var folder = new ScratchFolder();
        WriteData(folder);
        await WriteSweep(folder, "missing-test", testImages: "data/absent-images.gz", testLabels: "data/train-labels.gz");

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "missing-test.json", "--out", "out");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains($"Dataset.TestImages: file not found: 'data/absent-images.gz' (looked in '{folder["data/absent-images.gz"]}'", process.Output + process.Error);
        Assert.False(Directory.Exists(folder["out"]));
    }

    /// <summary>
    /// 90 images of 4×4 pixels in 3 classes (30 each): class k lights row k brightly, every pixel gets seeded noise.
    /// Labels are 0, 1, 2 in turn; the files are gzip-compressed IDX.
    /// </summary>
    private static (string TrainImages, string TrainLabels) WriteData(ScratchFolder folder)
    {
        Directory.CreateDirectory(folder["data"]);
        var random = new Random(5);
        var images = new List<byte[]>();
        var labels = new List<byte>();
        for (var i = 0; i < Classes * PerClass; i++)
        {
            var label = (byte)(i % Classes);
            var image = new byte[Side * Side];
            for (var p = 0; p < image.Length; p++)
            {
                image[p] = (byte)(random.Next(0, 90) + (p / Side == label ? 160 : 0));
            }

            images.Add(image);
            labels.Add(label);
        }

        var (imagesPath, labelsPath) = (folder["data/train-images.gz"], folder["data/train-labels.gz"]);
        IdxWriter.Images(imagesPath, Side, Side, images, gzip: true);
        IdxWriter.Labels(labelsPath, labels, gzip: true);
        return (imagesPath, labelsPath);
    }

    // Relative data paths, resolved from the scratch folder (the current folder, and the sweep file's folder).
    private static Task WriteSweep(ScratchFolder folder, string name, string? testImages, string? testLabels)
    {
        var test = testImages is null ? string.Empty : $""", "TestImages": "{testImages}", "TestLabels": "{testLabels}" """;
        return File.WriteAllTextAsync(
            folder[$"{name}.json"],
            $$"""
            { "Sweep": { "Name": "{{name}}", "Repeats": 2,
              "Dataset": { "Kind": "Idx", "Images": "data/train-images.gz", "Labels": "data/train-labels.gz", "ValidationFraction": 0.2 {{test}} },
              "Training": { "Hidden": [ 16 ], "Epochs": 30, "EvaluateEvery": 10, "LearningRate": 0.02 },
              "Space": { "DropoutRate": { "Values": [ 0, 0.5 ] } } } }
            """,
            TestContext.Current.CancellationToken);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
