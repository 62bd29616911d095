namespace DropoutSweep.Core.Results.Statistics;

/// <summary>
/// One finished trial as the statistics see it: its configuration's number, its repeat number (repeats with the same
/// number share a seed under common random numbers, so they are paired) and its final validation metrics
/// (NaN or ∞ for a trial that diverged or failed: such values are left out of every statistic).
/// </summary>
public readonly record struct TrialOutcome(int Configuration, int Repeat, double ValidationAccuracy, double ValidationLoss);
