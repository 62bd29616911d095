using DropoutSweep.Cluster;
using DropoutSweep.CommandLine;
using DropoutSweep.Hosting;
using Xunit;

namespace DropoutSweep.Tests.Options;

/// <summary>
/// The one configuration loader, in process (appsettings.json and config/ are copied beside the tests). The
/// environment is left alone here (end-to-end tests set it for a child process, ConfigurationTests), and problems from
/// DROPOUTSWEEP_ variables the test runner may have are not this test's business.
/// </summary>
public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_folder, "sweep.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static IEnumerable<string> FromCommandLine(IEnumerable<string> problems) => problems.Where(p => p.StartsWith("--", StringComparison.Ordinal));

    private static KeyValuePair<string, string?> Setting(string key, string value) => new(key, value);

    [Fact]
    public void The_sweep_file_s_other_sections_reach_the_host_below_the_overrides_and_the_sweep_stays_out_of_it()
    {
        var file = Write("""{ "Sweep": { "Dataset": { "ValidationFraction": 0.5 } }, "Cluster": { "HeartbeatPause": "7s", "StableAfter": "9s" } }""");
        var problems = new List<string>();

        var loaded = SweepConfiguration.Load(
            new RunArguments { ConfigFile = file, Overrides = [Setting("Cluster:StableAfter", "11s"), Setting("Sweep:Training:Epochs", "7")] },
            problems);

        Assert.Empty(FromCommandLine(problems));
        Assert.Equal("7s", loaded!.Configuration["Cluster:HeartbeatPause"]);
        Assert.Equal("11s", loaded.Configuration["Cluster:StableAfter"]);
        Assert.Null(loaded.Configuration["Sweep:Training:Epochs"]);
        Assert.Equal(7, loaded.Sweep!.Options.Training.Epochs);
        Assert.Equal(0.5, loaded.Sweep.Options.Dataset.ValidationFraction);
    }

    [Fact]
    public void A_command_line_key_outside_the_known_sections_is_a_problem_naming_the_key_meant()
    {
        var file = Write("""{ "Sweep": { "Dataset": { "ValidationFraction": 0.5 } } }""");
        var problems = new List<string>();

        SweepConfiguration.Load(new RunArguments { ConfigFile = file, Overrides = [Setting("Training:Epochs", "5"), Setting("Swep:Seed", "1"), Setting("Foo:Bar", "1")] }, problems);

        Assert.Equal(
            [
                "--Training:Epochs: unknown section 'Training' — did you mean --Sweep:Training:Epochs?",
                "--Swep:Seed: unknown section 'Swep' — did you mean --Sweep:Seed?",
                "--Foo:Bar: unknown section 'Foo'; the known sections are Sweep, DefaultSweep, Serilog, Akka, Cluster, $schema",
            ],
            FromCommandLine(problems));
    }

    [Fact]
    public void A_worker_refuses_sweep_settings_on_its_command_line_and_reads_its_cluster_settings()
    {
        var problems = new List<string>();

        var refused = SweepConfiguration.LoadWorker(new WorkerArguments { Overrides = [Setting("Sweep:Training:Epochs", "5")] }, problems);
        var worker = SweepConfiguration.LoadWorker(new WorkerArguments { Overrides = [Setting("Cluster:Join", "coord:4053")] }, [])!.Configuration;

        Assert.Equal(["--Sweep:Training:Epochs: a worker takes no sweep settings; the coordinator's sweep file decides what is trained."], FromCommandLine(problems));
        Assert.Null(refused!.Sweep);
        Assert.Equal("coord:4053", worker!["Cluster:Join"]);
    }
}
