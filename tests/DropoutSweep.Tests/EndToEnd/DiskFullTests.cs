using System.Globalization;
using DropoutSweep.Tests.Support;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// An output folder on a real, tiny file system (a tmpfs of a few KiB; skipped where this machine cannot mount one):
/// whatever file the disk fills on, the run ends with one line naming it and the system's message, exit 1, no stack
/// trace, and once there is space again the same command resumes with nothing lost.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class DiskFullTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_plan_file_that_cannot_be_written_ends_with_one_line_naming_it_and_exit_1()
    {
        using var folder = new ScratchFolder();
        using var disk = SmallDisk.Mount(kilobytes: 4);
        var output = disk["out"];

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "config/quick.json", "--out", output);

        Assert.True(process.ExitCode == 1, process.ToString());
        Assert.Equal($"dropout-sweep: cannot write {Path.Combine(output, "plan.json")}: No space left on device", process.Error.Trim());
        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public async Task A_disk_that_fills_during_the_sweep_ends_with_the_file_named_and_exit_1_and_a_rerun_resumes()
    {
        using var folder = new ScratchFolder();
        using var disk = SmallDisk.Mount(kilobytes: 16);
        string[] args = ["--config", "config/quick.json", "--out", disk["out"], "--parallelism", "2"];

        using var full = await SweepProcess.RunAsync(folder.Path, s_timeout, args);

        Assert.True(full.ExitCode == 1, full.ToString());
        var everything = full.Output + full.Error;
        Assert.DoesNotContain("   at ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", everything, StringComparison.Ordinal);
        Assert.Matches($@"cannot write {System.Text.RegularExpressions.Regex.Escape(disk["out"])}/[a-z.]+: No space left on device", everything);

        disk.Grow(kilobytes: 8192); // report.html and charts/ take about 1 MB of it
        using var rerun = await SweepProcess.RunAsync(folder.Path, s_timeout, args);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal([1, 2, 3, 4], ReportFiles.ReadResultsCsv(disk["out"]).Select(r => int.Parse(r["trial"], CultureInfo.InvariantCulture)).Order());
        Assert.Equal(4, ReportFiles.JournalLines(disk["out"]));
    }
}
