using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>Where settings come from, seen through --dry-run (which validates and plans but runs and writes nothing).</summary>
[Collection(ExecutableCollection.Name)]
public sealed class ConfigurationTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_config_file_replaces_the_default_sweep_instead_of_merging_its_lists()
    {
        using var folder = new ScratchFolder();
        await File.WriteAllTextAsync(
            folder["one.json"],
            """
            { "Sweep": { "Name": "one", "Dataset": { "Samples": 20, "ValidationFraction": 0.5 },
                         "Training": { "Hidden": [ 8 ], "Epochs": 5 },
                         "Space": { "DropoutRate": { "Values": [ 0.3 ] } } } }
            """,
            TestContext.Current.CancellationToken);

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "one.json", "--dry-run");

        // Merged by index with config/default.json, Values would be [0.3, 0.1, 0.2] and L2 would be swept too.
        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("Sweep one: 1 trials", process.Output);
        Assert.DoesNotContain(" l2", process.Output);
    }

    [Fact]
    public async Task Environment_variables_override_the_sweep_file_and_the_command_line_overrides_both()
    {
        using var folder = new ScratchFolder();
        var environment = new Dictionary<string, string> { ["DROPOUTSWEEP_Sweep__Name"] = "from-env", ["DROPOUTSWEEP_Sweep__Repeats"] = "3" };

        using var process = await SweepProcess.RunAsync(
            folder.Path, environment, s_timeout, "--config", "config/quick.json", "--dry-run", "--Sweep:Name=from-cli");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("Sweep from-cli: 12 trials (Grid: 4 configurations × 3 repeats)", process.Output);
        Assert.Contains(folder["results/from-cli"], process.Output);
    }

    [Fact]
    public async Task A_relative_csv_path_resolves_against_the_executable_folder_when_the_current_folder_lacks_it()
    {
        using var folder = new ScratchFolder();

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "run", "--config", "config/digits.json", "--dry-run", "--Sweep:Training:Epochs=1");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("64 features, 10 classes", process.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task A_key_outside_the_known_sections_is_refused_with_the_key_meant_on_the_command_line_and_in_the_environment()
    {
        using var folder = new ScratchFolder();
        var environment = new Dictionary<string, string> { ["DROPOUTSWEEP_Dataset__Samples"] = "50" };

        using var process = await SweepProcess.RunAsync(
            folder.Path, environment, s_timeout, "--config", "config/quick.json", "--dry-run", "--Training:Epochs=5");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("--Training:Epochs: unknown section 'Training' — did you mean --Sweep:Training:Epochs?", process.Error);
        Assert.Contains("DROPOUTSWEEP_Dataset__Samples: unknown section 'Dataset' — did you mean DROPOUTSWEEP_Sweep__Dataset__Samples?", process.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task Overrides_reach_the_plan_as_the_file_would_give_them_and_a_new_space_entry_comes_last()
    {
        using var folder = new ScratchFolder();

        using var process = await SweepProcess.RunAsync(
            folder.Path, s_timeout, "--config", "config/quick.json", "--dry-run",
            "--Sweep:Space:Momentum:Values:0=0.5", "--Sweep:Training:Hidden=[16,8]", "--Sweep:TrialTimeout=30s");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("Sweep quick: 4 trials", process.Output);
        Assert.Matches(@"trial\s+config\s+repeat\s+seed\s+dropout_rate\s+l2\s+momentum", process.Output);
    }
}
