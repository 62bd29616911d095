namespace DropoutSweep.Core.Nn;

/// <summary>
/// Test seams of <see cref="Trainer"/>: start from given parameters, apply given dropout masks, watch every epoch,
/// or train with the reference path; and keep the trained network (<see cref="Model.TrainedNetwork"/>). Null members
/// mean the production behaviour.
/// </summary>
internal sealed record TrainerHooks
{
    public NetworkParameters? InitialParameters { get; init; }

    public IDropoutMasks? Masks { get; init; }

    /// <summary>Called after every epoch with its 1-based number and its metrics (summed over its mini-batches).</summary>
    public Action<int, StepMetrics>? OnEpoch { get; init; }

    public TrainingPath Path { get; init; } = TrainingPath.Fast;

    /// <summary>Per-hidden-layer dropout rates replacing the options' single <see cref="TrainingOptions.DropoutRate"/>.</summary>
    public IReadOnlyList<double>? DropoutRates { get; init; }

    /// <summary>Hand back the trained network's parameters in <see cref="TrainingResult.Network"/> (for a saved model).</summary>
    public bool KeepNetwork { get; init; }
}
