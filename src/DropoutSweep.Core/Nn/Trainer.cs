using DropoutSweep.Core.Data;

namespace DropoutSweep.Core.Nn;

/// <summary>Trains one network for one set of hyperparameters. Single-threaded; one RNG per call, seeded from <c>seed</c>.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="options"/> on <paramref name="data"/>. Never throws for divergence (status Diverged) or
    /// cancellation (status Cancelled, checked at least once per epoch); throws only for bugs and invalid arguments.
    /// <paramref name="onProgress"/> is called every <paramref name="progressEvery"/> epochs (0 = never) on the calling thread.
    /// </summary>
    public static TrainingResult Train(
        Dataset data,
        TrainingOptions options,
        ulong seed,
        CancellationToken cancellationToken = default,
        Action<TrainingProgress>? onProgress = null,
        int progressEvery = 0) =>
        throw new NotImplementedException("CONTRACT STUB: implemented by the Nn work");
}
