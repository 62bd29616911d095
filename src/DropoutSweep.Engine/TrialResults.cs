using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine;

/// <summary>Makes the <see cref="TrialResult"/> of a plan entry: empty (no metrics yet), or from what training produced.</summary>
internal static class TrialResults
{
    /// <summary>A result of <paramref name="spec"/> with <paramref name="status"/> and no metrics yet (NaN).</summary>
    public static TrialResult Of(TrialSpec spec, TrialStatus status) => new()
    {
        TrialId = spec.TrialId,
        Configuration = spec.Configuration,
        Repeat = spec.Repeat,
        Seed = spec.Seed,
        Status = status,
    };

    /// <summary>
    /// The result of training <paramref name="spec"/>: every <see cref="ResultFields"/> field that training measures.
    /// <paramref name="reason"/> overrides the trainer's own (a Diverged trial's <see cref="Divergence"/>).
    /// </summary>
    public static TrialResult Of(TrialSpec spec, TrainingResult training, TrialStatus status, string? reason, int attempt, string node) =>
        Of(spec, status) with
        {
            Reason = reason ?? training.Divergence?.ToString(),
            Attempts = attempt,
            ValidationAccuracy = training.ValidationAccuracy,
            ValidationLoss = training.ValidationLoss,
            BestValidationAccuracy = training.BestValidationAccuracy,
            BestValidationLoss = training.BestValidationLoss,
            BestEpoch = training.BestEpoch,
            TestAccuracy = training.TestAccuracy,
            TestLoss = training.TestLoss,
            TrainAccuracy = training.TrainAccuracy,
            TrainLoss = training.TrainLoss,
            EpochsRun = training.EpochsRun,
            StoppedEarly = training.StoppedEarly,
            Seconds = training.WallSeconds,
            Node = node,
        };
}
