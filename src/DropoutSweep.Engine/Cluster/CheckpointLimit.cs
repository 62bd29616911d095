using System.Globalization;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Cluster;

/// <summary>
/// A scheduled trial's checkpoint crosses the network between rungs (base64 in a JSON message), and Akka.Remote drops
/// a message above <see cref="ClusterRemoting.MaxFrameSize"/> without a word: the trial would never come back and the
/// sweep would hang. So a cluster coordinator refuses, before anything starts, a scheduled sweep whose largest network
/// cannot travel.
/// </summary>
public static class CheckpointLimit
{
    /// <summary>What a result message carries besides the checkpoint: the curve as JSON numbers, names, the envelope.</summary>
    private const long EnvelopeBytes = 64 * 1024;

    /// <summary>Bytes of JSON text per learning-curve value (a round-trip double with its separator).</summary>
    private const long CurveValueBytes = 26;

    /// <summary>An upper bound on the largest message a trial of <paramref name="plan"/> sends with its checkpoint.</summary>
    public static long LargestMessage(SweepPlan plan, int inputs, int classes, int trainRows, out TrialSpec? largest)
    {
        ArgumentNullException.ThrowIfNull(plan);
        largest = null;
        var bound = 0L;
        foreach (var trial in plan.Trials)
        {
            var training = trial.Training;
            int[] widths = [inputs, .. training.Hidden, classes];
            var evaluations = (training.Epochs / Math.Max(1, training.EvaluateEvery)) + 1;
            var checkpoint = TrainingCheckpoint.SizeBound(widths, trainRows, training.BatchSize > 0, evaluations);
            var message = ((checkpoint + 2) / 3 * 4) + (8 * CurveValueBytes * evaluations) + EnvelopeBytes;
            if (message > bound)
            {
                (bound, largest) = (message, trial);
            }
        }

        return bound;
    }

    /// <summary>The problem with <paramref name="plan"/> on a cluster, naming the setting to change; null when it fits.</summary>
    public static string? Problem(SweepPlan plan, int inputs, int classes, int trainRows)
    {
        var bound = LargestMessage(plan, inputs, classes, trainRows, out var largest);
        if (largest is null || bound <= ClusterRemoting.MaxFrameSize)
        {
            return null;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Sweep:Training:Hidden = [{string.Join(", ", largest.Training.Hidden)}] (trial {largest.TrialId}): with Sweep:Scheduler on a cluster, a trial's checkpoint travels between nodes, and this network's would take up to {bound / (1024.0 * 1024.0):F0} MiB, above the cluster's {ClusterRemoting.MaxFrameSize / (1024 * 1024)} MiB message limit; use narrower hidden layers, or run the sweep on one machine (without --listen).");
    }
}
