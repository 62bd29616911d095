using System.Globalization;

namespace DropoutSweep.Engine.Cluster;

/// <summary>Parses the endpoints users type (<c>--join</c>, <c>--listen</c>) into hosts, ports and seed-node addresses.</summary>
public static class ClusterAddress
{
    private const string Protocol = ClusterTransport.TcpProtocol + "://";

    /// <summary>
    /// The seed address for <c>--join</c>: <c>HOST:PORT</c> or a full <c>akka.tcp://dropout-sweep@HOST:PORT</c>
    /// (<c>akka.ssl.tcp://</c> with TLS). Throws <see cref="FormatException"/> naming <paramref name="setting"/> when it is neither.
    /// </summary>
    public static (string Host, int Port) ParseJoin(string value, string setting)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var protocol = ProtocolOf(text);
        if (protocol is not null)
        {
            var rest = text[(protocol.Length + 3)..].TrimEnd('/');
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            if (at < 0)
            {
                throw new FormatException($"{setting} = '{value}': a full address needs the system name, as in {protocol}://{SweepActorSystem.Name}@HOST:PORT.");
            }

            var system = rest[..at];
            if (!string.Equals(system, SweepActorSystem.Name, StringComparison.Ordinal))
            {
                throw new FormatException($"{setting} = '{value}': the actor system is named '{SweepActorSystem.Name}' on every node, not '{system}'.");
            }

            text = rest[(at + 1)..];
        }
        else if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new FormatException($"{setting} = '{value}': only {Protocol} and {ClusterTransport.TlsProtocol}:// addresses are supported (or plain HOST:PORT).");
        }

        var (host, port) = ParseEndpoint(text, value, setting);
        if (port == 0)
        {
            throw new FormatException($"{setting} = '{value}': the coordinator's port cannot be 0; use the port it listens on (e.g. 4053).");
        }

        return (host, port);
    }

    /// <summary>The endpoint for <c>--listen</c>: <c>HOST:PORT</c> (port 0 picks a free one). Throws <see cref="FormatException"/> naming <paramref name="setting"/>.</summary>
    public static (string Host, int Port) ParseListen(string value, string setting)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ParseEndpoint(value.Trim(), value, setting);
    }

    /// <summary>The full seed-node address of a coordinator at <paramref name="host"/>:<paramref name="port"/>; <c>akka.ssl.tcp</c> when the cluster uses TLS.</summary>
    public static string SeedNode(string host, int port, bool tls = false) =>
        string.Create(CultureInfo.InvariantCulture, $"{ClusterTransport.Protocol(tls)}://{SweepActorSystem.Name}@{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}");

    /// <summary>The protocol a full address starts with (<c>akka.tcp</c> or <c>akka.ssl.tcp</c>), or null for plain HOST:PORT.</summary>
    public static string? ProtocolOf(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.Trim();
        return new[] { ClusterTransport.TlsProtocol, ClusterTransport.TcpProtocol }
            .FirstOrDefault(p => text.StartsWith(p + "://", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True for 0.0.0.0, :: and the like: an address to bind to that no other node can use to reach us.</summary>
    public static bool IsUnspecified(string host) =>
        host is "0.0.0.0" or "::" or "[::]" or "*" || host.Length == 0;

    private static (string Host, int Port) ParseEndpoint(string text, string original, string setting)
    {
        string host;
        string portText;
        if (text.StartsWith('['))
        {
            // [IPv6]:port
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                throw new FormatException($"{setting} = '{original}': expected HOST:PORT (an IPv6 host in brackets: [::1]:4053).");
            }

            host = text[1..close];
            portText = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new FormatException($"{setting} = '{original}': expected HOST:PORT, e.g. 127.0.0.1:4053.");
            }

            host = text[..colon];
            portText = text[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new FormatException($"{setting} = '{original}': the host is missing; expected HOST:PORT.");
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"{setting} = '{original}': the port must be a number from 0 to 65535.");
        }

        return (host, port);
    }
}
