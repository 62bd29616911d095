using DropoutSweep.CommandLine;

namespace DropoutSweep.Cluster;

/// <summary>
/// The cluster's options, each a shorthand for a <c>Cluster</c> setting (<see cref="ClusterSection"/>, read in one
/// place): <see cref="RunOptions"/> make <c>run</c> a cluster's coordinator, <see cref="WorkerOptions"/> belong to the
/// <c>worker</c> command, and <see cref="NodeOptions"/> are shared by both. An option every cluster node takes (transport
/// security, say) is declared once here and added to <see cref="NodeOptions"/>.
/// </summary>
internal sealed class ClusterCommandLine
{
    private readonly SettingOption _listen = SettingOption.Text(
        "--listen", $"{ClusterSection.Name}:Listen", "HOST:PORT",
        "Run as the cluster's coordinator (seed node) listening on HOST:PORT, e.g. 0.0.0.0:4053; port 0 picks a free one, which the coordinator prints");

    // The same setting as the coordinator's --listen, described for a worker node.
    private readonly SettingOption _workerListen = SettingOption.Text(
        "--listen", $"{ClusterSection.Name}:Listen", "HOST:PORT",
        "Interface and port this worker node listens on [default: 0.0.0.0:0, a free port]");

    private readonly SettingOption _publicHost = SettingOption.Text(
        "--public-host", $"{ClusterSection.Name}:PublicHost", "NAME",
        "Host name or address other nodes reach this one at, when it differs from the listen address");

    private readonly SettingOption _coordinatorOnly = SettingOption.Flag(
        "--coordinator-only", $"{ClusterSection.Name}:CoordinatorOnly",
        "With --listen: run no local workers; only worker nodes train");

    private readonly SettingOption _join = SettingOption.Text(
        "--join", $"{ClusterSection.Name}:Join", "HOST:PORT",
        "The coordinator to join: HOST:PORT or akka.tcp://dropout-sweep@HOST:PORT");

    /// <summary>Options every cluster node takes, the coordinator (<c>run</c>) and <c>worker</c> alike.</summary>
    public IReadOnlyList<SettingOption> NodeOptions => [_publicHost];

    /// <summary>The options of <c>run</c> (and the root command) that make it a cluster's coordinator.</summary>
    public IReadOnlyList<SettingOption> RunOptions => [_listen, .. NodeOptions, _coordinatorOnly];

    /// <summary>The options of the <c>worker</c> command.</summary>
    public IReadOnlyList<SettingOption> WorkerOptions => [_join, _workerListen, .. NodeOptions];
}
