namespace DropoutSweep.Engine.Cluster;

/// <summary>Where a node listens, what address it tells the others, and how fast the cluster gives up on a silent node.</summary>
public sealed record ClusterNodeOptions
{
    /// <summary>Interface to bind (0.0.0.0: all).</summary>
    public string ListenHost { get; init; } = "0.0.0.0";

    /// <summary>Port to bind; 0 picks a free one (the usual choice for a worker node).</summary>
    public int ListenPort { get; init; }

    /// <summary>The host name or address other nodes use to reach this one; null: <see cref="ListenHost"/> unless that is 0.0.0.0.</summary>
    public string? PublicHost { get; init; }

    /// <summary>Heartbeats may be late by this much before a node is marked unreachable (failure detector).</summary>
    public TimeSpan HeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the membership must be stable before the split brain resolver downs the unreachable side.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The cluster's certificate: TLS with mutual authentication (<see cref="ClusterTransport"/>); null: plain TCP.</summary>
    public ClusterTls? Tls { get; init; }
}
