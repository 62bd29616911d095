namespace DropoutSweep.Engine.Cluster;

/// <summary>Why a worker node's actor system is done; the command maps it to an exit code or to a rejoin.</summary>
public enum WorkerNodeEnd
{
    /// <summary>The coordinator said the sweep is finished: leave the cluster and exit 0.</summary>
    SweepFinished,

    /// <summary>This node lost the coordinator (it left, or this node was downed): start a fresh node and rejoin.</summary>
    Disconnected,

    /// <summary>The coordinator stayed out of reach for the whole rejoin timeout: exit 1.</summary>
    CoordinatorLost,

    /// <summary>This node's data differ from the coordinator's, or cannot be loaded here: exit 2, never train on other data.</summary>
    DataMismatch,

    /// <summary>The node's own actor failed (a bug): exit 1.</summary>
    Failed,
}
