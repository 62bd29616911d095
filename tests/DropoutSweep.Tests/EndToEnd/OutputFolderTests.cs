using System.Globalization;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>What a run does to an output folder that already holds files: someone else's, or a finished sweep's.</summary>
[Collection(ExecutableCollection.Name)]
public sealed class OutputFolderTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static readonly string[] s_quick = ["--config", "config/quick.json", "--out", "out", "--parallelism", "2"];

    [Fact]
    public async Task Files_the_sweep_writes_without_a_plan_of_ours_are_refused_with_exit_2_and_left_alone_unless_force()
    {
        using var folder = new ScratchFolder();
        Directory.CreateDirectory(folder["out"]);
        await File.WriteAllTextAsync(folder["out/results.csv"], "someone's own results\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(folder["out/README.md"], "about these results\n", TestContext.Current.CancellationToken);
        var before = ScratchFolder.Snapshot(folder["out"]);

        using var refused = await SweepProcess.RunAsync(folder.Path, s_timeout, s_quick);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("holds results.csv but no plan.json", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, ScratchFolder.Snapshot(folder["out"]));
        Assert.Equal("someone's own results\n", await File.ReadAllTextAsync(folder["out/results.csv"], TestContext.Current.CancellationToken));

        // --restart is about a plan of ours: it does not make the foreign file ours to overwrite.
        using var restart = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. s_quick, "--restart"]);
        Assert.True(restart.ExitCode == 2, restart.ToString());
        Assert.Equal(before, ScratchFolder.Snapshot(folder["out"]));

        using var forced = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. s_quick, "--force"]);

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal([1, 2, 3, 4], ReportFiles.ReadResultsCsv(folder["out"]).Select(r => int.Parse(r["trial"], CultureInfo.InvariantCulture)).Order());
        Assert.Equal("about these results\n", await File.ReadAllTextAsync(folder["out/README.md"], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Other_files_in_the_output_folder_are_fine()
    {
        using var folder = new ScratchFolder();
        Directory.CreateDirectory(folder["out"]);
        await File.WriteAllTextAsync(folder["out/.gitkeep"], "", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(folder["out/README.md"], "notes\n", TestContext.Current.CancellationToken);

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, s_quick);

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Equal("notes\n", await File.ReadAllTextAsync(folder["out/README.md"], TestContext.Current.CancellationToken));
        Assert.True(File.Exists(folder["out/.gitkeep"]));
    }

    [Fact]
    public async Task A_finished_sweep_run_again_says_it_is_complete_and_changes_no_file_but_the_log()
    {
        using var folder = new ScratchFolder();
        using var first = await SweepProcess.RunAsync(folder.Path, s_timeout, s_quick);
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = Contents(folder["out"]);

        using var again = await SweepProcess.RunAsync(folder.Path, s_timeout, s_quick);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Sweep quick is already complete: 4/4 trials", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Stopping the sweep", again.Output, StringComparison.Ordinal);
        var after = Contents(folder["out"]);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before.Where(f => f.Key != "sweep.log.json"), f => Assert.True(f.Value.SequenceEqual(after[f.Key]), $"{f.Key} changed"));
    }

    private static Dictionary<string, byte[]> Contents(string folder) =>
        Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
