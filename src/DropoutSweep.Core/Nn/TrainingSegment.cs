namespace DropoutSweep.Core.Nn;

/// <summary>
/// Which part of a trial's epochs one call to <see cref="Trainer.Train(Data.Dataset, TrainingOptions, ulong, TrainingSegment, CancellationToken, Action{TrainingProgress}?, int)"/>
/// trains: from the start, or from <see cref="From"/> (a checkpoint of the same trial), up to and including epoch
/// <see cref="StopAfterEpoch"/> (null: the last epoch). A segment that stops before the last epoch ends on an
/// evaluation and hands back a checkpoint; the segments of a trial together train exactly what one call would.
/// </summary>
public sealed record TrainingSegment(int? StopAfterEpoch = null, TrainingCheckpoint? From = null)
{
    /// <summary>The whole trial in one go.</summary>
    public static TrainingSegment Whole { get; } = new();
}
