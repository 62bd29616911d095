using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// A trial paused at the end of rung <see cref="Rung"/> (from 1): its <see cref="Result"/> there (the metrics the rung
/// ranks it by) and the trainer's state to continue from (<see cref="Nn.TrainingCheckpoint"/> as bytes). It travels
/// from the worker to the coordinator (also between nodes) and lies beside the journal, one file per live trial.
/// </summary>
public sealed record TrialCheckpoint(int TrialId, int Rung, TrialResult Result, byte[] State)
{
    /// <summary>The learning curve up to the rung: journaled with the trial should the rung prune it.</summary>
    public LearningCurve Curve { get; init; } = LearningCurve.Empty;
}
