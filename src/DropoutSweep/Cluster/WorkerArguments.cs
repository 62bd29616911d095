namespace DropoutSweep.Cluster;

/// <summary>What the <c>worker</c> command was asked to do, as typed.</summary>
internal sealed record WorkerArguments
{
    /// <summary><c>--parallelism N</c> (N ≥ 1): workers on this node; null means one per core.</summary>
    public int? Parallelism { get; init; }

    /// <summary><c>--join</c>, <c>--listen</c>, <c>--public-host</c> as <c>Cluster:...</c> settings, then <c>--Section:Key=value</c> overrides, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Overrides { get; init; } = [];
}
