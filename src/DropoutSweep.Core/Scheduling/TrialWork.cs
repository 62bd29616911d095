using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// What a worker is asked to train: a trial, whole (no scheduler: <see cref="Rung"/> null), or its part up to rung
/// <see cref="Rung"/>'s budget (<see cref="StopAfterEpoch"/>), from its checkpoint <see cref="From"/> (null: from the start).
/// </summary>
public sealed record TrialWork(TrialSpec Spec, int? Rung = null, int? StopAfterEpoch = null, TrialCheckpoint? From = null)
{
    /// <summary>Identifies the work: one (trial, rung) is handed out once, however often it is retried.</summary>
    public (int TrialId, int Rung) Key => (Spec.TrialId, Rung ?? 0);

    /// <summary>Epochs this work trains.</summary>
    public int Epochs => (StopAfterEpoch ?? Spec.Training.Epochs) - (From?.Result.EpochsRun ?? 0);
}
