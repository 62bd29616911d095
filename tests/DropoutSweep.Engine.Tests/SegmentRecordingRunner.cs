using System.Collections.Concurrent;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Tests;

/// <summary>
/// Trains with the real runner and records every piece of work it is given: the trial, the epoch it stops after and
/// the epoch of the checkpoint it starts from. With <paramref name="holdRung2After"/> set, the pieces that train to
/// <paramref name="rung2Epochs"/> after that many are held until cancelled (still running when the sweep is stopped);
/// <see cref="Held"/> completes when two are held and every piece let through before them has returned.
/// </summary>
internal sealed class SegmentRecordingRunner(int rung2Epochs = 0, int? holdRung2After = null) : ITrialRunner
{
    private readonly TrainerTrialRunner _real = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _rung2Started;
    private int _rung2Returned;
    private int _holding;

    public ConcurrentQueue<(int TrialId, int? StopAfterEpoch, int? FromEpoch)> Segments { get; } = new();

    public Task Held => _held.Task;

    public TrainingResult Run(Dataset data, TrialSpec spec, TrainingSegment segment, CancellationToken cancellationToken, Action<TrainingProgress> onProgress, int progressEvery)
    {
        Segments.Enqueue((spec.TrialId, segment.StopAfterEpoch, segment.From?.Epoch));
        if (holdRung2After is not { } letThrough || segment.StopAfterEpoch != rung2Epochs)
        {
            return _real.Run(data, spec, segment, cancellationToken, onProgress, progressEvery);
        }

        if (Interlocked.Increment(ref _rung2Started) <= letThrough)
        {
            var result = _real.Run(data, spec, segment, cancellationToken, onProgress, progressEvery);
            Interlocked.Increment(ref _rung2Returned);
            return result;
        }

        if (Interlocked.Increment(ref _holding) == 2)
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _rung2Returned) == letThrough);
            _held.TrySetResult();
        }

        cancellationToken.WaitHandle.WaitOne();
        return new TrainingResult(TrialStatus.Cancelled, double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN, 0, 0, 0);
    }
}
