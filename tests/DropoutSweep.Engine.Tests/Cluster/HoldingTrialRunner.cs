using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>Holds the first trial it gets until cancelled (a node that dies mid-trial); <see cref="Holding"/> says which trial.</summary>
internal sealed class HoldingTrialRunner : ITrialRunner
{
    private readonly TaskCompletionSource<int> _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<int> Holding => _holding.Task;

    public TrainingResult Run(Dataset data, TrialSpec spec, TrainingSegment segment, CancellationToken cancellationToken, Action<TrainingProgress> onProgress, int progressEvery)
    {
        _holding.TrySetResult(spec.TrialId);
        cancellationToken.WaitHandle.WaitOne();
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("unreachable: the wait ends only on cancellation");
    }
}
