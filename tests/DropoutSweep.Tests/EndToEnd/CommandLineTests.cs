using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

[Collection(ExecutableCollection.Name)]
public sealed class CommandLineTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Help_lists_the_run_options_and_exits_0()
    {
        using var folder = new ScratchFolder();
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--help");

        Assert.True(process.ExitCode == 0, process.ToString());
        foreach (var option in new[] { "--config", "--out", "--parallelism", "--dry-run", "--restart", "--force", "--listen", "--coordinator-only", "--version", "run", "worker" })
        {
            Assert.Contains(option, process.Output);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task Version_prints_the_tool_version_and_exits_0()
    {
        using var folder = new ScratchFolder();
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--version");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", process.Output.Trim());
    }

    [Fact]
    public async Task A_mistyped_option_exits_2_and_suggests_the_nearest()
    {
        using var folder = new ScratchFolder();
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--paralelism", "2");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("--paralelism", process.Error);
        Assert.Contains("Did you mean --parallelism?", process.Error);
        Assert.DoesNotContain("   at ", process.Error);
    }

    [Fact]
    public async Task Parallelism_below_1_exits_2_naming_the_option()
    {
        using var folder = new ScratchFolder();
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "run", "--parallelism", "0");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("--parallelism = 0: must be a whole number, at least 1", process.Error);
    }

    [Fact]
    public async Task A_missing_sweep_file_exits_2_saying_where_it_was_looked_for()
    {
        using var folder = new ScratchFolder();
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "no-such-sweep.json");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("config file 'no-such-sweep.json' not found", process.Error);
        Assert.Contains(folder["no-such-sweep.json"], process.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task A_sweep_file_that_is_not_json_exits_2_with_the_line()
    {
        using var folder = new ScratchFolder();
        await File.WriteAllTextAsync(folder["broken.json"], "{ \"Sweep\": {\n  \"Name\": \"x\",\n  \"Seed\": ,\n} }\n", TestContext.Current.CancellationToken);
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "broken.json");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("broken.json", process.Error);
        Assert.Contains("line", process.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(folder["results"]));
    }
}
