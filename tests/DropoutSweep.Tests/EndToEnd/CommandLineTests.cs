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
        foreach (var option in new[] { "--config", "--out", "--parallelism", "--dry-run", "--restart", "--force", "--quiet", "--no-progress", "--listen", "--coordinator-only", "--version", "run", "worker", "init", "schema" })
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
    public async Task Help_and_version_also_work_as_commands()
    {
        using var folder = new ScratchFolder();
        using var helpOption = await SweepProcess.RunAsync(folder.Path, s_timeout, "--help");
        using var helpCommand = await SweepProcess.RunAsync(folder.Path, s_timeout, "help");
        using var helpRun = await SweepProcess.RunAsync(folder.Path, s_timeout, "help", "run");
        using var versionOption = await SweepProcess.RunAsync(folder.Path, s_timeout, "--version");
        using var versionCommand = await SweepProcess.RunAsync(folder.Path, s_timeout, "version");

        Assert.True(helpCommand.ExitCode == 0, helpCommand.ToString());
        Assert.Equal(helpOption.Output, helpCommand.Output);
        Assert.True(helpRun.ExitCode == 0, helpRun.ToString());
        Assert.Contains("dropout-sweep run [options]", helpRun.Output);
        Assert.True(versionCommand.ExitCode == 0, versionCommand.ToString());
        Assert.Equal(versionOption.Output, versionCommand.Output);
    }

    [Fact]
    public async Task Help_explains_setting_overrides_in_its_own_words_and_its_usage_lines_balance_their_brackets()
    {
        using var folder = new ScratchFolder();
        foreach (var args in new[] { ["--help"], ["run", "--help"], new[] { "worker", "--help" } })
        {
            using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, args);

            Assert.True(process.ExitCode == 0, process.ToString());
            Assert.DoesNotContain("Additional Arguments", process.Output);
            Assert.DoesNotContain("Arguments passed to the application", process.Output);
            Assert.Contains("Setting overrides:", process.Output);
            Assert.Contains("--Sweep:Training:Epochs=500", process.Output);
            var usage = process.Output.Split('\n').SkipWhile(l => !l.StartsWith("Usage:", StringComparison.Ordinal)).Skip(1).First();
            Assert.Contains("[--Section:Key=Value ...]", usage);
            Assert.Equal(usage.Count(c => c == '['), usage.Count(c => c == ']'));
        }
    }

    [Fact]
    public async Task Schema_prints_the_json_schema_the_tool_ships_beside_its_sweeps()
    {
        using var folder = new ScratchFolder();
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "schema");

        Assert.True(process.ExitCode == 0, process.ToString());
        var shipped = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(SweepProcess.AppPath)!, "config", "sweep.schema.json"), TestContext.Current.CancellationToken);
        Assert.Equal(shipped, process.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
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
