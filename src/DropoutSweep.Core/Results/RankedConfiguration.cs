using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Results;

/// <summary>
/// A configuration's place in the ranking with the statistics of its finished repeats. <see cref="Sound"/> is false when
/// a repeat did not complete with finite metrics (diverged, failed, timed out, cancelled): such configurations rank last.
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
    MeanAndDeviation TrainLoss);
