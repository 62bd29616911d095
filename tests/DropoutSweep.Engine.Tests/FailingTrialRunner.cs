using System.Collections.Concurrent;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Tests;

/// <summary>
/// The failure-injection seam: trains with the real runner, but throws for <paramref name="failingTrialId"/> on its
/// first <paramref name="failures"/> attempts. Also records which trials were trained, and how often.
/// </summary>
internal sealed class FailingTrialRunner(int failingTrialId = 0, int failures = 0) : ITrialRunner
{
    private readonly TrainerTrialRunner _real = new();
    private readonly ConcurrentDictionary<int, int> _runs = new();
    private readonly SemaphoreSlim _started = new(0);

    /// <summary>How many times each trial was started.</summary>
    public IReadOnlyDictionary<int, int> Runs => _runs;

    /// <summary>Completes once <paramref name="starts"/> runs have started (counted from the first call of this method).</summary>
    public async Task StartedAsync(int starts, TimeSpan ceiling)
    {
        for (var i = 0; i < starts; i++)
        {
            if (!await _started.WaitAsync(ceiling))
            {
                throw new TimeoutException($"only {i} of {starts} runs started within {ceiling}");
            }
        }
    }

    public TrainingResult Run(Dataset data, TrialSpec spec, TrainingSegment segment, CancellationToken cancellationToken, Action<TrainingProgress> onProgress, int progressEvery)
    {
        var run = _runs.AddOrUpdate(spec.TrialId, 1, (_, n) => n + 1);
        _started.Release();
        if (spec.TrialId == failingTrialId && run <= failures)
        {
            throw new InvalidOperationException($"injected failure {run} of trial {spec.TrialId}");
        }

        return _real.Run(data, spec, segment, cancellationToken, onProgress, progressEvery);
    }
}
