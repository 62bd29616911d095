namespace DropoutSweep.Engine;

/// <summary>Actor registry key of the sweep's coordinator (the queue owner that workers pull trials from).</summary>
public sealed class CoordinatorKey;
