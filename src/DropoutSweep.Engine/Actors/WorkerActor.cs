using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// Trains one trial at a time, pulled from the coordinator. Training runs on the worker's own dedicated thread
/// (<see cref="TrainingThread"/>; never on an Akka dispatcher or the CLR pool: AKKA.md §2) and comes back as a message; the actor stays responsive to <see cref="CancelTrial"/>.
/// A trial that throws is reported as <see cref="TrialCrashed"/>, then the worker has its supervisor restart it, so
/// the retry runs on a fresh worker.
/// </summary>
public sealed class WorkerActor : ReceiveActor, IWithTimers
{
    private const string PollTimer = "poll";

    private readonly Dataset _data;
    private readonly ITrialRunner _runner;
    private readonly int _progressEvery;
    private readonly TimeSpan _progressInterval;
    private readonly IActorRef? _coordinatorOverride;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _coordinator = ActorRefs.Nobody;
    private string _node = NodeName.Local;
    private CancellationTokenSource? _cancellation;
    private CancelTrial? _cancelRequest;
    private RunTrial? _current;
    private TrainingThread? _trainingThread;

    /// <param name="data">The node's data set, loaded once and shared read-only by every worker of the node.</param>
    /// <param name="runner">What trains a trial.</param>
    /// <param name="progressEvery">Send progress every this many epochs (0: never).</param>
    /// <param name="coordinator">Where to pull trials from; null means the parent (local workers are the coordinator's children).</param>
    /// <param name="progressInterval">At most one progress message per this much wall time (zero: every <paramref name="progressEvery"/> epochs).</param>
    public WorkerActor(Dataset data, ITrialRunner runner, int progressEvery, IActorRef? coordinator, TimeSpan progressInterval = default)
    {
        _data = data;
        _runner = runner;
        _progressEvery = progressEvery;
        _progressInterval = progressInterval;
        _coordinatorOverride = coordinator;
        Idle();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Creates the props of a worker (expression-tree friendly: arguments are plain values).</summary>
    public static Props Props(Dataset data, ITrialRunner runner, int progressEvery, IActorRef? coordinator = null, TimeSpan progressInterval = default) =>
        Akka.Actor.Props.Create(() => new WorkerActor(data, runner, progressEvery, coordinator, progressInterval));

    protected override void PreStart()
    {
        _coordinator = _coordinatorOverride ?? Context.Parent;
        _node = NodeName.Of(Context.System);
        _trainingThread = new TrainingThread($"training {Self.Path.Name}");
        AskForTrial();
    }

    protected override void PostStop()
    {
        // Stopping (or restarting) must not leave a trial training on its thread for minutes.
        _cancellation?.Cancel();
        _cancellation?.Dispose();
        _cancellation = null;
        _trainingThread?.Dispose();
        _trainingThread = null;
    }

    private void Idle()
    {
        Receive<RunTrial>(StartTraining);
        Receive<NoTrialAvailable>(n => Timers.StartSingleTimer(PollTimer, Poll.Instance, n.RetryAfter));
        Receive<Poll>(_ => AskForTrial());
        Receive<SweepFinished>(_ => Become(Finished));
        Receive<CancelTrial>(c => _log.Debug("Ignoring cancellation of trial {TrialId}: not training it", c.TrialId));
    }

    private void Busy()
    {
        Receive<CancelTrial>(Cancel);
        Receive<TrainingEnded>(Report);
        Receive<TrainingThrew>(ReportCrash);
        Receive<SweepFinished>(_ => { });
        Receive<RunTrial>(r => _log.Warning("Ignoring trial {TrialId}: still training trial {Busy}", r.Spec.TrialId, _current?.Spec.TrialId));
    }

    private void Finished()
    {
        Receive<RunTrial>(r => _log.Warning("Ignoring trial {TrialId}: the sweep has finished", r.Spec.TrialId));
        ReceiveAny(_ => { });
    }

    private void AskForTrial() => _coordinator.Tell(new RequestTrial(Self.Path.Name));

    private void StartTraining(RunTrial run)
    {
        Timers.Cancel(PollTimer);
        _current = run;
        _cancelRequest = null;
        _cancellation = new CancellationTokenSource();
        var token = _cancellation.Token;

        // AK1005: Self, the coordinator and the fields are captured here; the lambda runs on another thread.
        var self = Self;
        var coordinator = _coordinator;
        var data = _data;
        var runner = _runner;
        var progressEvery = _progressEvery;
        var spec = run.Spec;
        var stopAfter = run.StopAfterEpoch;
        var from = run.From?.State;

        // On the training thread: a live display needs a snapshot every so often, not one per epoch of a 1 ms epoch.
        var interval = _progressInterval;
        var lastSent = Stopwatch.GetTimestamp();
        void OnProgress(TrainingProgress progress)
        {
            if (interval > TimeSpan.Zero && Stopwatch.GetElapsedTime(lastSent) < interval)
            {
                return;
            }

            lastSent = Stopwatch.GetTimestamp();
            coordinator.Tell(new TrialProgressed(spec.TrialId, progress), self);
        }

        coordinator.Tell(new TrialStarted(spec.TrialId, run.Attempt, self.Path.Name, _node) { Rung = run.Rung, FromEpoch = run.From?.Result.EpochsRun ?? 0 });
        Task.Factory.StartNew(
                () =>
                {
                    // Read on the training thread: a damaged checkpoint is a crash of this attempt, retried or recorded Failed.
                    var segment = new TrainingSegment(stopAfter, from is null ? null : TrainingCheckpoint.FromBytes(from));
                    return runner.Run(data, spec, segment, token, OnProgress, progressEvery);
                },
                CancellationToken.None, // not the trial's token: a cancelled trial still returns its (Cancelled) result
                TaskCreationOptions.None,
                _trainingThread!) // explicit: never the actor's own task scheduler (AKKA.md §2.3)
            .PipeTo(self, success: result => new TrainingEnded(run, result), failure: error => new TrainingThrew(run, TaskFailures.Unwrap(error)));
        Become(Busy);
    }

    private void Cancel(CancelTrial cancel)
    {
        if (_current?.Spec.TrialId != cancel.TrialId)
        {
            _log.Debug("Ignoring cancellation of trial {TrialId}: training trial {Busy}", cancel.TrialId, _current?.Spec.TrialId);
            return;
        }

        _cancelRequest = cancel;
        _cancellation?.Cancel();
    }

    private void Report(TrainingEnded ended)
    {
        var result = ended.Result;
        var status = result.Status;
        string? reason = null;
        if (status == TrialStatus.Cancelled && _cancelRequest is { } request)
        {
            // The trainer only knows it was cancelled; the coordinator said why (a timeout or the sweep stopping).
            status = request.Status;
            reason = request.Reason;
        }
        else if (status == TrialStatus.Cancelled)
        {
            reason = "cancelled";
        }

        var spec = ended.Run.Spec;
        var trial = TrialResults.Of(spec, result, status, reason, ended.Run.Attempt, _node) with { Rung = ended.Run.Rung };

        // Paused at a rung's budget: the coordinator decides at the barrier whether it goes on, from this checkpoint.
        _coordinator.Tell(result.Checkpoint is { } checkpoint && ended.Run.Rung is { } rung
            ? new TrialReachedRung(new TrialCheckpoint(spec.TrialId, rung, trial, checkpoint.ToBytes()) { Curve = result.Curve })
            : new TrialFinished(trial, result.Curve));
        EndTrial();
        AskForTrial();
    }

    private void ReportCrash(TrainingThrew threw)
    {
        var spec = threw.Run.Spec;
        if (threw.Error is OperationCanceledException && _cancellation?.IsCancellationRequested == true)
        {
            // A runner that throws on cancellation instead of returning a Cancelled result: same meaning.
            Report(new TrainingEnded(threw.Run, CancelledResult()));
            return;
        }

        _log.Warning(threw.Error, "Trial {TrialId} attempt {Attempt} threw {ExceptionType}", spec.TrialId, threw.Run.Attempt, threw.Error.GetType().Name);
        _coordinator.Tell(new TrialCrashed(spec.TrialId, threw.Run.Attempt, $"{threw.Error.GetType().Name}: {threw.Error.Message}", Self.Path.Name, _node));
        EndTrial();

        // Let the supervisor replace this instance: the retry runs on a fresh worker (PreStart asks for the next trial).
        throw new TrialCrashedException(spec.TrialId, threw.Run.Attempt, threw.Error);
    }

    private void EndTrial()
    {
        _cancellation?.Dispose();
        _cancellation = null;
        _cancelRequest = null;
        _current = null;
        Become(Idle);
    }

    private static TrainingResult CancelledResult() =>
        new(TrialStatus.Cancelled, double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN, 0, 0, 0);

    private sealed record Poll : INoSerializationVerificationNeeded
    {
        public static Poll Instance { get; } = new();
    }

    private sealed record TrainingEnded(RunTrial Run, TrainingResult Result) : INoSerializationVerificationNeeded;

    // Carries an exception: local to this actor, never sent over the wire.
    private sealed record TrainingThrew(RunTrial Run, Exception Error) : INoSerializationVerificationNeeded;
}
