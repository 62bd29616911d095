using Xunit;

namespace DropoutSweep.Tests.Cluster;

/// <summary>
/// On a cluster a scheduled trial's checkpoint travels between nodes, and Akka.Remote drops a message above its frame
/// limit without a word (the sweep would hang): a coordinator refuses such a sweep before anything starts.
/// </summary>
[Collection(EndToEnd.ExecutableCollection.Name)]
public sealed class CheckpointLimitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    // 2 → 3000 → 3000 → 3 is 9.0 million weights; with Adam's two moments 108 MB of float32, 144 MB as base64: above
    // the 64 MiB limit. 2 → 32 → 3 (config/quick.json's own network) is a few kilobytes.
    private static readonly string[] s_halving =
        ["--Sweep:Scheduler:Kind=SuccessiveHalving", "--Sweep:Scheduler:MinEpochs=50", "--Sweep:Scheduler:ReductionFactor=2"];

    [Fact]
    public async Task A_scheduled_cluster_sweep_whose_checkpoints_cannot_travel_is_refused_naming_the_network()
    {
        using var folder = new EndToEnd.ScratchFolder();

        using var process = await EndToEnd.SweepProcess.RunAsync(
            folder.Path, s_timeout,
            ["run", "--config", "config/quick.json", "--listen", "127.0.0.1:0", "--dry-run", .. s_halving,
             "--Sweep:Training:Hidden:0=3000", "--Sweep:Training:Hidden:1=3000"]);

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("Sweep:Training:Hidden = [3000, 3000]", process.Error, StringComparison.Ordinal);
        Assert.Contains("64 MiB message limit", process.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task The_same_network_runs_on_one_machine_and_a_small_one_on_a_cluster()
    {
        using var folder = new EndToEnd.ScratchFolder();

        using var local = await EndToEnd.SweepProcess.RunAsync(
            folder.Path, s_timeout,
            ["run", "--config", "config/quick.json", "--dry-run", .. s_halving, "--Sweep:Training:Hidden:0=3000", "--Sweep:Training:Hidden:1=3000"]);
        using var cluster = await EndToEnd.SweepProcess.RunAsync(
            folder.Path, s_timeout, ["run", "--config", "config/quick.json", "--listen", "127.0.0.1:0", "--dry-run", .. s_halving]);

        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.True(cluster.ExitCode == 0, cluster.ToString());
    }
}
