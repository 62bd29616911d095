using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Scheduling;

/// <summary>The <c>Sweep:Scheduler</c> section: whether and how the coordinator prunes configurations in rungs.</summary>
public sealed record SchedulerOptions
{
    public SchedulerKind Kind { get; init; } = SchedulerKind.None;

    /// <summary>The first rung's budget in epochs (required with a scheduler).</summary>
    public int? MinEpochs { get; init; }

    /// <summary>η: each rung keeps the best ⌈n/η⌉ configurations and trains them to η times the epochs.</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>What ranks the configurations at a rung (their mean over the repeats).</summary>
    public ValidationMetric Metric { get; init; } = ValidationMetric.ValAccuracy;

    /// <summary>Hyperband: how many brackets, the most aggressive first; null: every bracket the rungs allow.</summary>
    public int? Brackets { get; init; }

    /// <summary>True when the coordinator runs rungs.</summary>
    public bool Enabled => Kind != SchedulerKind.None;
}
