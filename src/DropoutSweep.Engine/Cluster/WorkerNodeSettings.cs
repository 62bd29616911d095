namespace DropoutSweep.Engine.Cluster;

/// <summary>What a worker node runs: how many single-threaded workers, and how long it may be without the coordinator.</summary>
public sealed record WorkerNodeSettings
{
    /// <summary>Worker actors on this node, one trial each at a time (≥ 1).</summary>
    public required int Parallelism { get; init; }

    /// <summary>How long the node keeps trying to reach a lost (or not yet started) coordinator before it exits 1.</summary>
    public TimeSpan RejoinTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the node repeats its <see cref="JoinSweep"/> until the coordinator answers.</summary>
    public TimeSpan JoinRetry { get; init; } = TimeSpan.FromSeconds(2);
}
