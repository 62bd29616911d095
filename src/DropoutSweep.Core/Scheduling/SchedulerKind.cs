namespace DropoutSweep.Core.Scheduling;

/// <summary>How the coordinator spends the epoch budget over a sweep's configurations.</summary>
public enum SchedulerKind
{
    /// <summary>Every trial trains all its epochs.</summary>
    None,

    /// <summary>Synchronous rungs: each rung keeps the best 1/η of the configurations and trains them η times longer.</summary>
    SuccessiveHalving,

    /// <summary>Several successive-halving brackets side by side, from the most aggressive (many configurations, MinEpochs first) to plain training.</summary>
    Hyperband,
}
