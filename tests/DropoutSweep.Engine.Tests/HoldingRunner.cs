using System.Collections.Concurrent;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Tests;

/// <summary>
/// Trains with the real runner, except the trials in <paramref name="held"/>: those wait until they are cancelled (a trial
/// still running when something else happens) and then return Cancelled, as the trainer does. <see cref="AllHeld"/>
/// completes once every held trial has started.
/// </summary>
internal sealed class HoldingRunner(params int[] held) : ITrialRunner
{
    private readonly TrainerTrialRunner _real = new();
    private readonly ConcurrentDictionary<int, bool> _holding = new();
    private readonly TaskCompletionSource _allHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task AllHeld => _allHeld.Task;

    public TrainingResult Run(Dataset data, TrialSpec spec, TrainingSegment segment, CancellationToken cancellationToken, Action<TrainingProgress> onProgress, int progressEvery)
    {
        if (!held.Contains(spec.TrialId))
        {
            return _real.Run(data, spec, segment, cancellationToken, onProgress, progressEvery);
        }

        _holding[spec.TrialId] = true;
        if (held.All(_holding.ContainsKey))
        {
            _allHeld.TrySetResult();
        }

        cancellationToken.WaitHandle.WaitOne();
        return new TrainingResult(TrialStatus.Cancelled, double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN, 0, 0, 0);
    }
}
