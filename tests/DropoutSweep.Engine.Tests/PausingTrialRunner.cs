using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Tests;

/// <summary>
/// Trains with the real trainer, reporting every epoch, and after epoch <paramref name="pauseAt"/> waits until the trial
/// is cancelled before it lets the trainer go on: a cancellation then always arrives at a known epoch. <see cref="Returned"/>
/// completes with the trainer's result when it has returned (its thread is done with the trial).
/// </summary>
internal sealed class PausingTrialRunner(int pauseAt) : ITrialRunner
{
    private readonly TrainerTrialRunner _real = new();
    private readonly TaskCompletionSource<TrainingResult> _returned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TrainingResult> Returned => _returned.Task;

    public TrainingResult Run(Dataset data, TrialSpec spec, TrainingSegment segment, CancellationToken cancellationToken, Action<TrainingProgress> onProgress, int progressEvery)
    {
        void Report(TrainingProgress progress)
        {
            onProgress(progress);
            if (progress.Epoch == pauseAt)
            {
                cancellationToken.WaitHandle.WaitOne();
            }
        }

        var result = _real.Run(data, spec, segment, cancellationToken, Report, progressEvery: 1);
        _returned.TrySetResult(result);
        return result;
    }
}
