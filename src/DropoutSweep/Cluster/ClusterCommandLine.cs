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
        "Interface and port this worker node listens on [default: a free port on 127.0.0.1 when --join is on loopback, else on 0.0.0.0]");

    private readonly SettingOption _publicHost = SettingOption.Text(
        "--public-host", $"{ClusterSection.Name}:PublicHost", "NAME",
        "Host name or address other nodes reach this one at, when it differs from the listen address");

    private readonly SettingOption _coordinatorOnly = SettingOption.Flag(
        "--coordinator-only", $"{ClusterSection.Name}:CoordinatorOnly",
        "With --listen: run no local workers; only worker nodes train");

    private readonly SettingOption _join = SettingOption.Text(
        "--join", $"{ClusterSection.Name}:Join", "HOST:PORT",
        "The coordinator to join: HOST:PORT, or the address it prints, akka.tcp://dropout-sweep@HOST:PORT (akka.ssl.tcp:// with --tls)");

    private readonly SettingOption _tls = SettingOption.Text(
        "--tls", $"{ClusterSection.Name}:{ClusterTlsSettings.CertificateKey}", "FILE",
        "The sweep's certificate and key (PKCS#12, from `dropout-sweep cert`; the same file on every node): TLS with mutual authentication, only nodes holding this certificate may join");

    private readonly SettingOption _tlsPassword = SettingOption.Text(
        "--tls-password", $"{ClusterSection.Name}:{ClusterTlsSettings.PasswordKey}", "PASSWORD",
        "Password of the --tls file (DROPOUTSWEEP_Cluster__Tls__Password keeps it out of the process list)");

    private readonly SettingOption _insecure = SettingOption.Flag(
        "--insecure", $"{ClusterSection.Name}:{ClusterExposure.InsecureKey}",
        "Allow plain TCP on an address other machines can reach (without it, that needs --tls): any process that reaches the port can join the sweep. Loopback needs neither");

    /// <summary>Options every cluster node takes, the coordinator (<c>run</c>) and <c>worker</c> alike.</summary>
    public IReadOnlyList<SettingOption> NodeOptions => [_publicHost, _tls, _tlsPassword, _insecure];

    /// <summary>The options of <c>run</c> (and the root command) that make it a cluster's coordinator.</summary>
    public IReadOnlyList<SettingOption> RunOptions => [_listen, .. NodeOptions, _coordinatorOnly];

    /// <summary>The options of the <c>worker</c> command.</summary>
    public IReadOnlyList<SettingOption> WorkerOptions => [_join, _workerListen, .. NodeOptions];
}
