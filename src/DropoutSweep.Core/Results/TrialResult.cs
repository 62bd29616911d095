namespace DropoutSweep.Core.Results;

/// <summary>
/// The outcome of one trial, as journaled, sent between nodes and reported. Hyperparameters are not repeated here:
/// they are the plan's (<see cref="TrialId"/>). Metrics are NaN where they do not exist (a Failed trial).
/// Plain data only (no exceptions, no object fields): it crosses the wire. Every property is declared in
/// <see cref="ResultFields"/> (its names in each file, format and meaning); the learning curve travels beside it
/// (<see cref="LearningCurve"/>), so that this summary stays small for a sweep of 100,000 trials.
/// </summary>
public sealed record TrialResult
{
    public required int TrialId { get; init; }

    /// <summary>The trial's configuration, numbered from 1 (repeats too).</summary>
    public required int Configuration { get; init; }

    public required int Repeat { get; init; }

    public required ulong Seed { get; init; }

    public required TrialStatus Status { get; init; }

    /// <summary>Why a trial Failed, TimedOut, was Cancelled or Diverged (which quantity, at which epoch); null when Completed.</summary>
    public string? Reason { get; init; }

    public int Attempts { get; init; } = 1;

    public double ValidationAccuracy { get; init; } = double.NaN;

    public double ValidationLoss { get; init; } = double.NaN;

    public double BestValidationAccuracy { get; init; } = double.NaN;

    public double BestValidationLoss { get; init; } = double.NaN;

    public int BestEpoch { get; init; }

    /// <summary>Accuracy on the held-out test set (an IDX data set's TestImages), measured once after training; never ranked by. NaN without a test set.</summary>
    public double TestAccuracy { get; init; } = double.NaN;

    /// <summary>Data loss on the held-out test set, measured once after training; NaN without a test set.</summary>
    public double TestLoss { get; init; } = double.NaN;

    public double TrainAccuracy { get; init; } = double.NaN;

    public double TrainLoss { get; init; } = double.NaN;

    public int EpochsRun { get; init; }

    /// <summary>True when early stopping ended the trial (Completed, <see cref="EpochsRun"/> being the epoch it stopped at).</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>With a scheduler: the rung the trial reached, from 1 (its metrics are those at that rung's budget, or where it stopped); null without one.</summary>
    public int? Rung { get; init; }

    /// <summary>Training wall time in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>The node that ran it (<c>host:port</c> in a cluster, <c>local</c> otherwise).</summary>
    public string Node { get; init; } = "local";
}
