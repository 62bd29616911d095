using DropoutSweep.Engine.Cluster;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Cluster;

/// <summary>
/// Plain TCP only where it is safe: a node that listens on, or joins, an address other machines can reach needs the
/// cluster's certificate (<c>--tls</c>), or <c>--insecure</c> to accept the risk (the node then logs a warning at
/// start-up). Loopback (127.0.0.0/8, ::1, localhost) needs neither.
/// </summary>
internal static class ClusterExposure
{
    /// <summary>The key of the flag under the <c>Cluster</c> section (<c>--insecure</c>).</summary>
    public const string InsecureKey = "Insecure";

    private const string HowToSecure =
        "without TLS, any process that reaches the cluster's ports can join the sweep, read its settings and send results. " +
        "Make a certificate with `dropout-sweep cert --out cluster.p12`, copy it to every machine of the sweep and give it to `run` and `worker` " +
        "with --tls cluster.p12 (" + ClusterSection.Name + ":" + ClusterTlsSettings.CertificateKey + "); " +
        "or, on a network you trust, allow plain TCP with --insecure (" + ClusterSection.Name + ":" + InsecureKey + ").";

    /// <summary>Where a worker listens without <c>--listen</c>: loopback when its coordinator is on loopback, else every interface; a free port.</summary>
    public static (string Host, int Port) DefaultWorkerListen((string Host, int Port) join) =>
        ClusterTransport.IsLoopback(join.Host) ? (join.Host.Contains(':', StringComparison.Ordinal) ? "::1" : "127.0.0.1", 0) : ("0.0.0.0", 0);

    /// <summary>The coordinator's check: <c>--listen</c> off loopback needs <c>--tls</c> or <c>--insecure</c>.</summary>
    public static void CheckCoordinator(IConfiguration configuration, ClusterSection cluster, ICollection<string> problems)
    {
        if (cluster.Listen is { } listen && !ClusterTlsSettings.IsSet(configuration) && !cluster.Insecure && !ClusterTransport.IsLoopback(listen.Host))
        {
            problems.Add($"{ClusterSection.Name}:Listen = '{Endpoint(listen)}' (--listen) can be reached from other machines: {HowToSecure}");
        }
    }

    /// <summary>
    /// A worker's check: <c>--join</c> or its listen address off loopback needs <c>--tls</c> or <c>--insecure</c>, and a
    /// full <c>--join</c> address must use the protocol this node speaks (<c>akka.ssl.tcp</c> with TLS, <c>akka.tcp</c> without).
    /// </summary>
    public static void CheckWorker(IConfiguration configuration, ClusterSection cluster, ICollection<string> problems)
    {
        if (cluster.Join is not { } join)
        {
            return;
        }

        var joinText = configuration[$"{ClusterSection.Name}:Join"]!.Trim();
        var protocol = ClusterAddress.ProtocolOf(joinText);
        if (protocol == ClusterTransport.TlsProtocol && !ClusterTlsSettings.IsSet(configuration))
        {
            problems.Add($"{ClusterSection.Name}:Join = '{joinText}' (--join) is the address of a coordinator that uses TLS: give this node the sweep's certificate with --tls FILE ({ClusterSection.Name}:{ClusterTlsSettings.CertificateKey}).");
            return;
        }

        if (protocol == ClusterTransport.TcpProtocol && ClusterTlsSettings.IsSet(configuration))
        {
            problems.Add($"{ClusterSection.Name}:Join = '{joinText}' (--join) is a plain TCP address, but this node uses TLS (--tls): join {ClusterAddress.SeedNode(join.Host, join.Port, tls: true)}, or just {Endpoint(join)}.");
            return;
        }

        if (ClusterTlsSettings.IsSet(configuration) || cluster.Insecure)
        {
            return;
        }

        if (!ClusterTransport.IsLoopback(join.Host))
        {
            problems.Add($"{ClusterSection.Name}:Join = '{joinText}' (--join) is not on this machine: {HowToSecure}");
        }
        else if (cluster.Listen is { } listen && !ClusterTransport.IsLoopback(listen.Host))
        {
            problems.Add($"{ClusterSection.Name}:Listen = '{Endpoint(listen)}' (--listen) can be reached from other machines: {HowToSecure}");
        }
    }

    private static string Endpoint((string Host, int Port) endpoint) =>
        endpoint.Host.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Host}]:{endpoint.Port}" : $"{endpoint.Host}:{endpoint.Port}";
}
