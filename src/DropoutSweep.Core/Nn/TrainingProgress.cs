namespace DropoutSweep.Core.Nn;

/// <summary>A snapshot sent to the progress callback every K epochs. Validation figures are those of the latest evaluation, if any.</summary>
public readonly record struct TrainingProgress(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy);
