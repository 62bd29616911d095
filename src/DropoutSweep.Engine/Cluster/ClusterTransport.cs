using System.Net;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace DropoutSweep.Engine.Cluster;

/// <summary>
/// How a node talks to the others: Akka.Remote over TLS with mutual authentication when the node has the cluster's
/// certificate (<see cref="ClusterNodeOptions.Tls"/>), plain TCP otherwise. The start-up log says which; plain TCP on an
/// address other machines can reach is logged as a warning.
/// </summary>
public static class ClusterTransport
{
    /// <summary>The address protocol of plain TCP remoting.</summary>
    public const string TcpProtocol = "akka.tcp";

    /// <summary>The address protocol of TLS remoting (DotNetty prefixes the scheme with <c>ssl.</c>).</summary>
    public const string TlsProtocol = "akka.ssl.tcp";

    /// <summary>The protocol of the addresses of a cluster whose nodes use TLS (<paramref name="tls"/>) or not.</summary>
    public static string Protocol(bool tls) => tls ? TlsProtocol : TcpProtocol;

    /// <summary>
    /// True when <paramref name="host"/> is only reachable from this machine: an address in 127.0.0.0/8, ::1, or the
    /// name <c>localhost</c>. Any other name counts as reachable (it is not resolved: the check must not depend on DNS).
    /// </summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = host.Trim().TrimStart('[').TrimEnd(']');
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    /// <summary>
    /// Akka.Remote for <paramref name="node"/>, advertised as <paramref name="publicHost"/>: with the cluster's certificate,
    /// TLS that requires a certificate from both sides and admits only peers that present the same one
    /// (<see cref="ClusterTls.PeerValidator"/>); hostnames are not checked, the certificate is the identity.
    /// </summary>
    public static AkkaConfigurationBuilder WithClusterRemoting(this AkkaConfigurationBuilder akka, ClusterNodeOptions node, string publicHost)
    {
        ArgumentNullException.ThrowIfNull(node);
        return akka
            .WithRemoting(remote => ClusterRemoting.Configure(remote, node, publicHost))
            .AddStartup((system, _) =>
            {
                var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
                var log = Logging.GetLogger(system, typeof(ClusterTransport)); // our source: appsettings.json shows only Akka's warnings
                if (node.Tls is { } certificate)
                {
                    log.Info(
                        "Cluster traffic is encrypted (TLS, mutual authentication): peers must present the cluster's certificate {Subject}, SHA-256 {Fingerprint}",
                        certificate.Certificate.Subject,
                        certificate.Fingerprint);
                }
                else if (!IsLoopback(node.ListenHost))
                {
                    log.Warning(
                        "Cluster traffic on {Host}:{Port} is neither encrypted nor authenticated: any process that reaches this port can join the sweep, read its settings and send results",
                        node.ListenHost,
                        self.Port);
                }
            });
    }
}
