using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine;

/// <summary>
/// Trains one trial on a worker's thread. The production runner is <see cref="TrainerTrialRunner"/>; register another
/// implementation in DI to change how trials run (the failure-injection specs use one that throws for a chosen trial).
/// Must honour <paramref name="cancellationToken"/> (return a Cancelled result) and may throw for real errors.
/// </summary>
public interface ITrialRunner
{
    /// <summary>
    /// Trains <paramref name="segment"/> of <paramref name="spec"/> on <paramref name="data"/> (the whole trial, or up to a
    /// rung's budget from its checkpoint), calling <paramref name="onProgress"/> every <paramref name="progressEvery"/> epochs.
    /// </summary>
    TrainingResult Run(Dataset data, TrialSpec spec, TrainingSegment segment, CancellationToken cancellationToken, Action<TrainingProgress> onProgress, int progressEvery);
}
