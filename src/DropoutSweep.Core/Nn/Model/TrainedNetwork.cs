using DropoutSweep.Core.Data;

namespace DropoutSweep.Core.Nn.Model;

/// <summary>
/// What training one trial produced, with the trained network as a <see cref="SavedModel"/>: the network the trainer
/// evaluated last (float32 weights, widened to double), the data's feature names, label column, class labels and
/// feature scaling, and where it came from. <see cref="Model"/> is null unless the trial Completed: a diverged network
/// has non-finite weights, a cancelled one is half-trained.
/// </summary>
public sealed record TrainedNetwork(TrainingResult Result, SavedModel? Model)
{
    /// <summary>
    /// Trains exactly as <see cref="Trainer.Train(Dataset, TrainingOptions, ulong, CancellationToken, Action{TrainingProgress}?, int)"/>
    /// does (the same metrics and curve, bit for bit) and keeps the trained network.
    /// </summary>
    /// <param name="stopAfterEpoch">
    /// Null to train every epoch; otherwise stop after that (evaluation) epoch, as a scheduler's rung does: a trial pruned
    /// there trains exactly this far (<see cref="TrainingSegment"/>).
    /// </param>
    public static TrainedNetwork Train(Dataset data, TrainingOptions options, ulong seed, ModelSource? source = null, CancellationToken cancellationToken = default, int? stopAfterEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var segment = stopAfterEpoch is null ? TrainingSegment.Whole : new TrainingSegment(stopAfterEpoch);
        var result = Trainer.Train(data, options, seed, segment, cancellationToken, onProgress: null, progressEvery: 0, new TrainerHooks { KeepNetwork = true });
        var model = result.Status == Results.TrialStatus.Completed && result.Network is { } network
            ? SavedModel.FromParameters(network, data.FeatureNames, data.LabelColumn, data.ClassNames, data.Scaling, source)
            : null;
        return new TrainedNetwork(result with { Network = null }, model);
    }
}
