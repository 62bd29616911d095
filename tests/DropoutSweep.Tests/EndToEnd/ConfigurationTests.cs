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
    public async Task A_shipped_sweep_is_found_in_the_tool_folder_and_its_data_path_beside_it()
    {
        using var folder = new ScratchFolder();

        // config/digits.json says "Path": "data/digits.csv": relative to the sweep file, in the tool's config/ folder.
        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "run", "--config", "config/digits.json", "--dry-run", "--Sweep:Training:Epochs=1");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("64 features, 10 classes", process.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task A_relative_data_path_is_found_beside_the_sweep_file_before_the_current_folder()
    {
        using var folder = new ScratchFolder();
        Directory.CreateDirectory(folder["sweeps"]);
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(folder["sweeps/data.csv"], Csv(classes: 3), ct);
        await File.WriteAllTextAsync(folder["data.csv"], Csv(classes: 2), ct);
        await File.WriteAllTextAsync(folder["sweeps/s.json"], """
            { "Sweep": { "Name": "beside",
              "Dataset": { "Kind": "Csv", "Path": "data.csv", "ValidationFraction": 0.5 },
              "Training": { "Hidden": [ 4 ], "Epochs": 1 },
              "Space": { "DropoutRate": { "Values": [ 0 ] } } } }
            """, ct);

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "sweeps/s.json", "--dry-run");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("2 features, 3 classes", process.Output); // sweeps/data.csv, not ./data.csv (2 classes)
    }

    [Fact]
    public async Task The_tool_reads_its_own_appsettings_and_default_sweep_never_those_of_the_current_folder()
    {
        using var folder = new ScratchFolder();
        var ct = TestContext.Current.CancellationToken;

        // What an ASP.NET project's folder might hold; neither file is even JSON, so reading either would fail the run.
        await File.WriteAllTextAsync(folder["appsettings.json"], "this project's settings, not the tool's {", ct);
        Directory.CreateDirectory(folder["config"]);
        await File.WriteAllTextAsync(folder["config/default.json"], "not the tool's default sweep {", ct);

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--dry-run");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains($"Sweep file: {Path.Combine(Path.GetDirectoryName(SweepProcess.AppPath)!, "config", "default.json")}", process.Output);
    }

    // Two features and a text label, 10 rows per class: a CSV the loader accepts.
    private static string Csv(int classes) =>
        "x,y,label\n" + string.Concat(Enumerable.Range(0, 10 * classes).Select(i => $"{i % 7}.5,{i % 3},c{i % classes}\n"));

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
