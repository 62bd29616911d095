namespace DropoutSweep.Engine.Cluster;

/// <summary>The two roles a cluster node can have (the ActorSystem's name is <see cref="SweepActorSystem.Name"/>).</summary>
public static class ClusterRoles
{
    /// <summary>The node that owns the queue (a cluster singleton), the aggregator and the journal; also the seed node.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>A node that only trains trials it pulls from the coordinator.</summary>
    public const string Worker = "worker";
}
