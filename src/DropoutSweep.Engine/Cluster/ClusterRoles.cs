namespace DropoutSweep.Engine.Cluster;

/// <summary>The cluster's names: the ActorSystem every node runs and the two roles a node can have.</summary>
public static class ClusterRoles
{
    /// <summary>The ActorSystem name of every node; seed addresses are <c>akka.tcp://dropout-sweep@HOST:PORT</c> (<c>akka.ssl.tcp://</c> with TLS).</summary>
    public const string ActorSystemName = "dropout-sweep";

    /// <summary>The node that owns the queue (a cluster singleton), the aggregator and the journal; also the seed node.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>A node that only trains trials it pulls from the coordinator.</summary>
    public const string Worker = "worker";
}
