using System.Globalization;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

[Collection(ExecutableCollection.Name)]
public sealed class RunTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Quick_sweep_exits_0_with_every_report_file_ranked_rows_and_structured_log_events()
    {
        using var folder = new ScratchFolder();

        // config/quick.json is not in the scratch folder: it resolves to the executable's folder.
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "config/quick.json", "--out", "out", "--parallelism", "2");

        Assert.True(process.ExitCode == 0, process.ToString());
        var output = folder["out"];
        foreach (var name in ReportFiles.Names)
        {
            Assert.True(File.Exists(Path.Combine(output, name)), $"{name} is missing.\n{process}");
        }

        var rows = ReportFiles.ReadResultsCsv(output);
        Assert.Equal(4, rows.Count);
        Assert.Equal([1, 2, 3, 4], rows.Select(r => int.Parse(r["trial"], CultureInfo.InvariantCulture)).Order());
        var ranks = rows.Select(r => int.Parse(r["rank"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ranks.Order(), ranks);
        var accuracies = rows.Select(r => double.Parse(r["val_accuracy"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(accuracies.OrderDescending(), accuracies);
        Assert.All(rows, r => Assert.Equal("Completed", r["status"]));

        var events = ReportFiles.ReadLogEvents(output);
        var templates = events.Select(e => e.GetProperty("@mt").GetString()!).ToList();
        var trialEvents = events.Where(e => e.TryGetProperty("TrialId", out _) && e.TryGetProperty("ValidationAccuracy", out _)).ToList();
        Assert.True(trialEvents.Count >= 4, $"expected an event per finished trial with TrialId and ValidationAccuracy:\n{string.Join("\n", templates)}");
        Assert.Contains(events, e => e.TryGetProperty("SweepName", out var name) && name.GetString() == "quick");
        var eventTypes = events.Where(e => e.TryGetProperty("EventType", out _)).Select(e => e.GetProperty("EventType").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "SweepStarted", "TrialStarted", "TrialCompleted", "SweepCompleted" }, eventTypes);

        // Every evaluation is in curves.csv, not in the log: quick.json evaluates at epochs 50, 100, 150 and 200.
        Assert.DoesNotContain("TrialProgress", eventTypes); // live progress is for the console only
        var curves = File.ReadAllLines(Path.Combine(output, "curves.csv"));
        Assert.StartsWith("trial,epoch,", curves[0]);
        Assert.Equal(
            [.. from trial in new[] { 1, 2, 3, 4 } from epoch in new[] { 50, 100, 150, 200 } select $"{trial},{epoch}"],
            curves.Skip(1).Select(line => string.Join(',', line.Split(',').Take(2))));
        var perTrial = events.Where(e => e.TryGetProperty("TrialId", out _)).GroupBy(e => e.GetProperty("TrialId").GetInt32())
            .Select(group => group.Sum(e => System.Text.Encoding.UTF8.GetByteCount(e.GetRawText()) + 1)).ToList();
        Assert.All(perTrial, bytes => Assert.InRange(bytes, 1, 1536)); // issue 8: sweep.log.json ≤ 1.5 KB per trial

        // Concise console: a start line, a line per trial, the ranked table and where the report is.
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length < 40, $"{lines.Length} console lines for 4 trials:\n{process.Output}");
        Assert.Contains("Sweep quick: 4 trials", process.Output);
        Assert.Contains($"report {Path.Combine(output, "report.html")}", process.Output);
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_an_estimate_and_creates_nothing()
    {
        using var folder = new ScratchFolder();

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "run", "--config", "config/quick.json", "--dry-run");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("Sweep quick: 4 trials", process.Output);
        Assert.Contains("dropout_rate", process.Output);
        Assert.Contains("Estimated duration", process.Output);
        Assert.Contains(folder["results/quick"], process.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task Another_plan_in_the_output_folder_is_refused_naming_what_differs_unless_restart()
    {
        using var folder = new ScratchFolder();
        using var first = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "config/quick.json", "--out", "out");
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = ScratchFolder.Snapshot(folder["out"]);

        string[] otherPlan = ["--config", "config/quick.json", "--out", "out", "--Sweep:Space:L2:Values:1=0.005"];
        using var refused = await SweepProcess.RunAsync(folder.Path, s_timeout, otherPlan);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("Space.L2.Values", refused.Error);
        Assert.Contains("--restart", refused.Error);
        Assert.Equal(before, ScratchFolder.Snapshot(folder["out"]));

        using var restarted = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. otherPlan, "--restart"]);

        Assert.True(restarted.ExitCode == 0, restarted.ToString());
        var l2 = ReportFiles.ReadResultsCsv(folder["out"]).Select(r => double.Parse(r["l2"], CultureInfo.InvariantCulture)).Distinct().Order();
        Assert.Equal([0, 0.005], l2);
    }

    [Fact]
    public async Task A_journal_line_torn_by_a_crash_is_reported_and_its_trial_trained_again()
    {
        using var folder = new ScratchFolder();
        string[] args = ["--config", "config/quick.json", "--out", "out"];
        using var first = await SweepProcess.RunAsync(folder.Path, s_timeout, args);
        Assert.True(first.ExitCode == 0, first.ToString());
        var journal = folder["out/trials.jsonl"];
        var bytes = await File.ReadAllBytesAsync(journal, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(journal, bytes[..^25], TestContext.Current.CancellationToken);

        using var rerun = await SweepProcess.RunAsync(folder.Path, s_timeout, args);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("unfinished last line", rerun.Output);
        Assert.Contains("Resuming: 3 of 4 trials already done", rerun.Output);
        Assert.Equal([1, 2, 3, 4], ReportFiles.ReadResultsCsv(folder["out"]).Select(r => int.Parse(r["trial"], CultureInfo.InvariantCulture)).Order());
        Assert.Equal(4, ReportFiles.JournalLines(folder["out"]));
    }

    [Fact]
    public async Task An_invalid_setting_exits_2_naming_it_and_leaves_the_output_folder_untouched()
    {
        using var folder = new ScratchFolder();
        Directory.CreateDirectory(folder["out"]);
        await File.WriteAllTextAsync(folder["out/notes.txt"], "mine", TestContext.Current.CancellationToken);
        var before = ScratchFolder.Snapshot(folder["out"]);
        await File.WriteAllTextAsync(
            folder["bad.json"],
            """{ "Sweep": { "Name": "bad", "Training": { "Epochs": 0 }, "Space": { "DropoutRate": { "Values": [ 0.1, 1.2 ] } } } }""",
            TestContext.Current.CancellationToken);

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "bad.json", "--out", "out");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("Sweep:Training:Epochs", process.Error);
        Assert.Contains("DropoutRate", process.Error);
        Assert.Contains("1.2", process.Error);
        Assert.DoesNotContain("   at ", process.Error);
        Assert.Equal(before, ScratchFolder.Snapshot(folder["out"]));
    }

    [Fact]
    public async Task An_output_folder_that_cannot_be_written_exits_2_before_anything_is_written()
    {
        using var folder = new ScratchFolder();
        await File.WriteAllTextAsync(folder["taken"], "a file, not a folder", TestContext.Current.CancellationToken);

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "config/quick.json", "--out", "taken/out");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("--out", process.Error);
        Assert.Contains("is a file, not a folder", process.Error);
        Assert.Equal(["taken"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));

        Directory.CreateDirectory(folder["out/trials.jsonl"]);
        using var blocked = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "config/quick.json", "--out", "out");

        Assert.True(blocked.ExitCode == 2, blocked.ToString());
        Assert.Contains("'trials.jsonl' is a folder", blocked.Error);
        Assert.Equal([folder["out/trials.jsonl"]], Directory.EnumerateFileSystemEntries(folder["out"], "*", SearchOption.AllDirectories));
    }
}
