namespace DropoutSweep.Engine;

/// <summary>Actor registry key of the sweep's aggregator (journal, counts, logs and report).</summary>
public sealed class AggregatorKey;
