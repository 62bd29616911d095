using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Nn;

/// <summary>
/// What training one network produced. Validation loss is the data loss only (no regularisation, no dropout);
/// training loss includes the regularisation loss, as the book prints it. <see cref="BestEpoch"/> is 1-based.
/// Metrics of a Diverged or Cancelled run are those of the last finite evaluation (NaN when there was none).
/// <see cref="Curve"/> holds every evaluation; <see cref="Divergence"/> says what went non-finite when Diverged.
/// A run that stopped early (<see cref="StoppedEarly"/>) is Completed with <see cref="EpochsRun"/> the epoch it stopped
/// at; a segment that stopped at its budget before the last epoch hands back its <see cref="Checkpoint"/>.
/// </summary>
public sealed record TrainingResult(
    TrialStatus Status,
    double ValidationAccuracy,
    double ValidationLoss,
    double BestValidationAccuracy,
    double BestValidationLoss,
    int BestEpoch,
    double TrainAccuracy,
    double TrainLoss,
    int EpochsRun,
    double WallSeconds,
    double EpochsPerSecond)
{
    /// <summary>One point per evaluation (every <c>EvaluateEvery</c> epochs and after the last), up to the last finite one.</summary>
    public LearningCurve Curve { get; init; } = LearningCurve.Empty;

    /// <summary>Which quantity became NaN or infinite at which epoch; null unless Diverged.</summary>
    public Divergence? Divergence { get; init; }

    /// <summary>The trained weights and biases (book layout), when the caller asked for them (<see cref="Model.TrainedNetwork"/>).</summary>
    internal NetworkParameters? Network { get; init; }

    /// <summary>Accuracy of the final network on the data set's test part (dropout off); NaN without one, or unless Completed.</summary>
    public double TestAccuracy { get; init; } = double.NaN;

    /// <summary>Data loss of the final network on the test part, as <see cref="ValidationLoss"/> is measured; NaN without one, or unless Completed.</summary>
    public double TestLoss { get; init; } = double.NaN;

    /// <summary>True when early stopping ended the trial before its last epoch (Training:EarlyStopping).</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>Where a segment that stopped at its budget, before the trial's last epoch, can be continued from; null otherwise.</summary>
    public TrainingCheckpoint? Checkpoint { get; init; }
}
