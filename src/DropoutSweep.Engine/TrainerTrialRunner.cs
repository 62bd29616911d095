using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine;

/// <summary>The production <see cref="ITrialRunner"/>: the trial's own settings and seed handed to <see cref="Trainer.Train"/>.</summary>
public sealed class TrainerTrialRunner : ITrialRunner
{
    public TrainingResult Run(Dataset data, TrialSpec spec, TrainingSegment segment, CancellationToken cancellationToken, Action<TrainingProgress> onProgress, int progressEvery) =>
        Trainer.Train(data, spec.Training, spec.Seed, segment, cancellationToken, onProgress, progressEvery);
}
