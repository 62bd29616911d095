using System.Globalization;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

[Collection(ExecutableCollection.Name)]
public sealed class InterruptionTests
{
    private const int Trials = 8;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static readonly string s_sweep = Path.Combine(AppContext.BaseDirectory, "TestData", "EndToEnd", "interruptible.json");

    private static string[] Args(string output) => ["--config", s_sweep, "--out", output, "--parallelism", "2"];

    [Fact]
    public async Task Ctrl_C_exits_130_with_a_partial_report_and_a_rerun_resumes_to_one_row_per_trial()
    {
        using var folder = new ScratchFolder();
        var output = folder["out"];
        using (var sweep = SweepProcess.Start(folder.Path, Args(output)))
        {
            await ReportFiles.WaitForJournalAsync(output, 1, sweep, s_timeout);
            sweep.Signal(Signals.Interrupt);

            // Running trials are cancelled within an epoch, so the exit follows in seconds; the ceiling only stops a hang.
            await sweep.WaitForExitAsync(s_timeout);
            Assert.True(sweep.ExitCode == 130, sweep.ToString());
        }

        Assert.True(ReportFiles.JournalLines(output) < Trials, "the sweep finished before it was interrupted: make the trials longer");
        Assert.Contains("incomplete", await File.ReadAllTextAsync(Path.Combine(output, "report.md"), TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);

        using var rerun = await SweepProcess.RunAsync(folder.Path, s_timeout, Args(output));

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("Resuming:", rerun.Output);
        AssertOneRowPerTrial(ReportFiles.ReadResultsCsv(output));
    }

    [Fact]
    public async Task A_second_Ctrl_C_exits_at_once_and_the_journal_still_resumes()
    {
        using var folder = new ScratchFolder();
        var output = folder["out"];
        using (var sweep = SweepProcess.Start(folder.Path, Args(output)))
        {
            await ReportFiles.WaitForJournalAsync(output, 1, sweep, s_timeout);
            sweep.Signal(Signals.Interrupt);

            // The second Ctrl+C goes in as soon as the first is acknowledged, while the graceful stop is under way.
            await sweep.WaitForOutputAsync("SIGINT received", TimeSpan.FromSeconds(10));
            sweep.Signal(Signals.Interrupt);
            await sweep.WaitForExitAsync(s_timeout);

            Assert.True(sweep.ExitCode == 130, sweep.ToString());
            Assert.Contains("SIGINT received again: exiting now", sweep.Output);
        }

        using var rerun = await SweepProcess.RunAsync(folder.Path, s_timeout, Args(output));

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        AssertOneRowPerTrial(ReportFiles.ReadResultsCsv(output));
    }

    [Fact]
    public async Task After_SIGKILL_a_rerun_gives_one_row_per_trial_with_the_metrics_of_an_uninterrupted_run()
    {
        using var folder = new ScratchFolder();
        using var uninterrupted = await SweepProcess.RunAsync(folder.Path, s_timeout, Args(folder["reference"]));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        var output = folder["killed"];
        using (var sweep = SweepProcess.Start(folder.Path, Args(output)))
        {
            await ReportFiles.WaitForJournalAsync(output, 2, sweep, s_timeout);
            sweep.KillHard();
        }

        Assert.True(ReportFiles.JournalLines(output) < Trials, "the sweep finished before it was killed: make the trials longer");
        using var rerun = await SweepProcess.RunAsync(folder.Path, s_timeout, Args(output));

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var expected = ReportFiles.ReadResultsCsv(folder["reference"]);
        var actual = ReportFiles.ReadResultsCsv(output);
        AssertOneRowPerTrial(actual);
        Assert.Equal(WithoutTimings(expected), WithoutTimings(actual));
    }

    private static void AssertOneRowPerTrial(IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Assert.Equal(Enumerable.Range(1, Trials), rows.Select(r => int.Parse(r["trial"], CultureInfo.InvariantCulture)).Order());
        Assert.All(rows, r => Assert.Equal("Completed", r["status"]));
    }

    // Everything but wall time (and where it ran) must be bit-identical, in the same ranked order.
    private static List<string> WithoutTimings(IEnumerable<IReadOnlyDictionary<string, string>> rows) =>
        rows.Select(r => string.Join(",", r.Where(c => c.Key is not ("seconds" or "node")).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")))
            .ToList();
}
