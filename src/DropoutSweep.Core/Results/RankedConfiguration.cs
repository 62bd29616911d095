using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Results;

/// <summary>
/// A configuration's place in the ranking with the statistics of its finished repeats. <see cref="Sound"/> is false when
/// a repeat did not complete with finite metrics (diverged, failed, timed out, cancelled): such configurations rank last.
/// With a scheduler, <see cref="Rung"/> is the highest rung its trials reached, and its metrics are those at that rung.
/// </summary>
public sealed record RankedConfiguration(
    int Rank,
    int Configuration,
    TrainingOptions Training,
    IReadOnlyList<RankedTrial> Trials,
    bool Sound,
    MeanAndDeviation ValidationAccuracy,
    MeanAndDeviation ValidationLoss,
    MeanAndDeviation BestValidationAccuracy,
    MeanAndDeviation TrainAccuracy,
    MeanAndDeviation TrainLoss)
{
    /// <summary>The highest rung its trials reached (from 1); null without a scheduler.</summary>
    public int? Rung { get; init; }
}
