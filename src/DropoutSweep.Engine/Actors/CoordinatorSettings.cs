using Akka.Actor;

namespace DropoutSweep.Engine.Actors;

/// <summary>How the coordinator runs trials: attempts, optional timeout, re-poll interval and its local workers.</summary>
public sealed record CoordinatorSettings
{
    /// <summary>Attempts for a trial that throws before it is recorded Failed (≥ 1).</summary>
    public int MaxAttempts { get; init; } = 2;

    /// <summary>Wall-time limit of one trial; null for none.</summary>
    public TimeSpan? TrialTimeout { get; init; }

    /// <summary>How long an idle worker waits before asking again when the queue is empty.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Local workers the coordinator starts (and supervises) as its children.</summary>
    public int LocalWorkers { get; init; }

    /// <summary>Props of a local worker; required when <see cref="LocalWorkers"/> &gt; 0.</summary>
    public Props? LocalWorkerProps { get; init; }
}
