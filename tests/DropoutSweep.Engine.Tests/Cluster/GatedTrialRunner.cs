using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>
/// Trains with the real runner, but each trial first waits for <paramref name="gate"/>: a spec holds every node's first
/// trial until all nodes hold one, so that the trials are shared whatever the start-up order and speed.
/// <see cref="Started"/> completes when this node starts its first trial.
/// </summary>
internal sealed class GatedTrialRunner(Task gate) : ITrialRunner
{
    private readonly TrainerTrialRunner _real = new();
    private readonly TaskCompletionSource<int> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The id of the first trial this node started.</summary>
    public Task<int> Started => _started.Task;

    public TrainingResult Run(Dataset data, TrialSpec spec, TrainingSegment segment, CancellationToken cancellationToken, Action<TrainingProgress> onProgress, int progressEvery)
    {
        _started.TrySetResult(spec.TrialId);
        gate.Wait(cancellationToken);
        return _real.Run(data, spec, segment, cancellationToken, onProgress, progressEvery);
    }
}
