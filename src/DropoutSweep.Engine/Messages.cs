using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;

// The sweep's wire protocol. Every message here may cross nodes (issue 5), so each one is plain data that the default
// Newtonsoft serializer round-trips: no exceptions (a failure travels as its text), no object-typed fields.
// Commands are verbs, facts are past tense. Specs run with akka.actor.serialize-messages = on to hold us to that.
namespace DropoutSweep.Engine;

/// <summary>Worker → coordinator: "I am idle, give me a trial". Sent at start, after every trial and on every re-poll.</summary>
public sealed record RequestTrial(string Worker);

/// <summary>Coordinator → worker: the queue is empty for now; ask again after <see cref="RetryAfter"/>.</summary>
public sealed record NoTrialAvailable(TimeSpan RetryAfter);

/// <summary>
/// Coordinator → worker: train this trial (<see cref="Attempt"/> counts from 1): whole, or with a scheduler up to rung
/// <see cref="Rung"/>'s budget (<see cref="StopAfterEpoch"/>), continuing from <see cref="From"/> when it has one.
/// </summary>
public sealed record RunTrial(TrialSpec Spec, int Attempt)
{
    public int? Rung { get; init; }

    public int? StopAfterEpoch { get; init; }

    public TrialCheckpoint? From { get; init; }
}

/// <summary>Coordinator → worker: stop the trial and report it with <see cref="Status"/> (TimedOut or Cancelled).</summary>
public sealed record CancelTrial(int TrialId, TrialStatus Status, string Reason);

/// <summary>Worker → coordinator → aggregator: training began on a worker (with a scheduler: of rung <see cref="Rung"/>, from the checkpoint at <see cref="FromEpoch"/>).</summary>
public sealed record TrialStarted(int TrialId, int Attempt, string Worker, string Node)
{
    public int? Rung { get; init; }

    /// <summary>The epoch of the checkpoint the work continues from; 0 from the start.</summary>
    public int FromEpoch { get; init; }
}

/// <summary>Worker → coordinator → aggregator: the trainer's snapshot every <see cref="SweepRun.ProgressEvery"/> epochs.</summary>
public sealed record TrialProgressed(int TrialId, TrainingProgress Progress);

/// <summary>A trial's final result (any status) and its learning curve; worker → coordinator, then coordinator → aggregator.</summary>
public sealed record TrialFinished(TrialResult Result, LearningCurve? Curve = null);

/// <summary>
/// Worker → coordinator → aggregator: a trial reached the budget of a rung before the last and paused there; the
/// checkpoint holds its result at the rung and its state. The aggregator keeps it beside the journal.
/// </summary>
public sealed record TrialReachedRung(TrialCheckpoint Checkpoint);

/// <summary>Coordinator → aggregator: a rung's barrier ranked its configurations and promoted the best (logged, and in the report).</summary>
public sealed record RungDecided(RungDecision Decision);

/// <summary>
/// Coordinator → aggregator, before the last result: the workers' time this run (each from its first request to the end)
/// and how much of it they spent waiting for work that a barrier held back (or, without a scheduler, at the sweep's tail).
/// </summary>
public sealed record WorkerTimeMeasured(int Workers, double WorkerSeconds, double IdleSeconds);

/// <summary>Worker → coordinator: training threw. The coordinator retries it or records it Failed.</summary>
public sealed record TrialCrashed(int TrialId, int Attempt, string Reason, string Worker, string Node);

/// <summary>Host (shutdown) → coordinator: start nothing new and cancel the running trials; answered with <see cref="SweepStopped"/>.</summary>
public sealed record StopSweep(string Reason);

/// <summary>Coordinator's answer to <see cref="StopSweep"/>: how many running trials it cancelled.</summary>
public sealed record SweepStopped(int CancelledTrials);

/// <summary>Aggregator → coordinator: every trial is recorded; the coordinator releases its workers.</summary>
public sealed record SweepFinished(int Total);

/// <summary>Host (shutdown) → aggregator: write the report now (partial, marked incomplete, unless already final).</summary>
public sealed record FlushReport(string Reason);

/// <summary>Aggregator's answer to <see cref="FlushReport"/>; <see cref="Final"/> is true when the complete report was already written.</summary>
public sealed record ReportFlushed(int Finished, int Total, bool Final);

/// <summary>Published on the event stream after the aggregator journaled and counted a result (for monitors and specs).</summary>
public sealed record TrialRecorded(int TrialId, TrialStatus Status, int Finished, int Total);

/// <summary>
/// Published on the event stream when one of the node's actors threw and was stopped (<see cref="Actors.FailFastStrategy"/>):
/// which actor, the error in one line (<c>Type: message</c>), and the full exception text for the log file.
/// </summary>
public sealed record SweepActorFailed(string Actor, string Error, string Detail);
