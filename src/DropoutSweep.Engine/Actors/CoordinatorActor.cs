using Akka.Actor;
using Akka.Event;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// Owns the queue of trials still to run and hands them, one at a time, to workers that ask (work pulling: the same
/// protocol for local and remote workers). Watches every worker it served: a worker that dies has its trial re-queued.
/// A trial that throws gets <see cref="CoordinatorSettings.MaxAttempts"/> attempts in all, then is recorded Failed;
/// an optional per-trial timeout cancels a trial and records it TimedOut. Every final result goes to the aggregator.
/// <para>
/// Whose results count: a trial's result is accepted from the worker that holds it, or from a worker that held it
/// earlier and was presumed dead (it terminated, or asked for a new trial while holding it). Such a late result
/// finishes the trial, and the copy handed out again meanwhile is cancelled: training is deterministic, so the late
/// result is the one the copy would produce, and its worker is freed. Anything else (a trial never given to that
/// sender, a trial already finished) is dropped and logged with the sender's address; progress of a trial is forwarded
/// only from the worker that holds it.
/// </para>
/// </summary>
public sealed class CoordinatorActor : ReceiveActor, IWithTimers
{
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _aggregator;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Retries and re-queued trials go to the front, so a sweep's tail is not held up by its own repairs.
    private readonly LinkedList<Assignment> _queue = new();
    private readonly Dictionary<IActorRef, Assignment> _inFlight = new();
    private readonly HashSet<int> _finished = new();

    // Trial id → the workers that held it and were presumed dead: their late result is still accepted.
    private readonly Dictionary<int, HashSet<IActorRef>> _presumedDead = new();
    private readonly HashSet<IActorRef> _workers = new();
    private int _localWorkersStarted;
    private bool _stopping;
    private SweepFinished? _sweepFinished;

    /// <param name="trials">The trials to run, in plan order (already without those finished in an earlier run).</param>
    /// <param name="aggregator">Receives progress and every final result.</param>
    /// <param name="settings">Retry, timeout and local-worker settings.</param>
    public CoordinatorActor(IReadOnlyList<TrialSpec> trials, IActorRef aggregator, CoordinatorSettings settings)
    {
        _settings = settings;
        _aggregator = aggregator;
        foreach (var spec in trials)
        {
            _queue.AddLast(new Assignment(spec, 1));
        }

        Receive<RequestTrial>(Handle);
        Receive<TrialStarted>(s => ForwardFromHolder(s, s.TrialId));
        Receive<TrialProgressed>(p => ForwardFromHolder(p, p.TrialId));
        Receive<TrialFinished>(Handle);
        Receive<TrialCrashed>(Handle);
        Receive<TrialDeadlinePassed>(Handle);
        Receive<Terminated>(Handle);
        Receive<StopSweep>(Handle);
        Receive<SweepFinished>(Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Creates the coordinator's props.</summary>
    public static Props Props(IReadOnlyList<TrialSpec> trials, IActorRef aggregator, CoordinatorSettings settings) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(trials, aggregator, settings));

    protected override void PreStart()
    {
        for (var i = 0; i < _settings.LocalWorkers; i++)
        {
            StartLocalWorker();
        }
    }

    protected override SupervisorStrategy SupervisorStrategy() => WorkerSupervision.Strategy();

    private void Handle(RequestTrial request)
    {
        var worker = Sender;
        if (_workers.Add(worker))
        {
            Context.Watch(worker);
        }

        if (_inFlight.Remove(worker, out var lost))
        {
            // The worker restarted (or lost its state) while it held a trial: that attempt is gone.
            CancelDeadline(lost.Spec.TrialId);
            PresumeDead(worker, lost);
            Requeue(lost, $"worker {worker.Path} asked for a new trial while holding it");
        }

        Dispatch(worker);
    }

    private void Dispatch(IActorRef worker)
    {
        if (_sweepFinished is not null)
        {
            worker.Tell(_sweepFinished);
            return;
        }

        var assignment = _stopping ? null : TakeNext();
        if (assignment is null)
        {
            worker.Tell(new NoTrialAvailable(_settings.PollInterval));
            return;
        }

        _inFlight[worker] = assignment;
        if (_settings.TrialTimeout is { } timeout)
        {
            Timers.StartSingleTimer(DeadlineKey(assignment.Spec.TrialId), new TrialDeadlinePassed(assignment.Spec.TrialId, assignment.Attempt), timeout);
        }

        worker.Tell(new RunTrial(assignment.Spec, assignment.Attempt));
    }

    private Assignment? TakeNext()
    {
        while (_queue.First is { } first)
        {
            _queue.RemoveFirst();
            if (!_finished.Contains(first.Value.Spec.TrialId))
            {
                return first.Value;
            }
        }

        return null;
    }

    private void Handle(TrialFinished finished)
    {
        var trialId = finished.Result.TrialId;
        var holds = Holds(Sender, trialId, out var assignment);
        var heldWhenPresumedDead = !holds && _presumedDead.TryGetValue(trialId, out var formerHolders) && formerHolders.Contains(Sender);
        if (!holds && !heldWhenPresumedDead)
        {
            _log.Warning("Dropped a result for trial {TrialId} ({Status}) from {Sender}: that worker does not hold the trial and never held it", trialId, finished.Result.Status, Sender.Path);
            return;
        }

        if (holds)
        {
            _inFlight.Remove(Sender);
            CancelDeadline(trialId);
        }

        if (_finished.Contains(trialId))
        {
            // E.g. the copy of a trial that a late result finished, returning cancelled or done just before it heard.
            _log.Debug("Dropped a second result for trial {TrialId} ({Status}) from {Sender}: the trial is already finished", trialId, finished.Result.Status, Sender.Path);
            return;
        }

        // A trial cancelled by shutdown is not finished: a resumed run trains it again. Cancelled while the sweep goes
        // on (a runner that gave up by itself), it would never be finished: it goes back to the queue. A cancellation
        // from a worker presumed dead says nothing: the trial's copy trains on.
        if (finished.Result.Status == TrialStatus.Cancelled)
        {
            if (heldWhenPresumedDead)
            {
                return;
            }

            if (!_stopping)
            {
                Requeue(assignment!, "its worker returned it cancelled while the sweep goes on");
                return;
            }
        }
        else
        {
            _finished.Add(trialId);
            if (heldWhenPresumedDead)
            {
                CancelCopy(trialId, Sender);
            }
        }

        _aggregator.Tell(finished);
    }

    private void Handle(TrialCrashed crashed)
    {
        if (!_inFlight.TryGetValue(Sender, out var assignment) || assignment.Spec.TrialId != crashed.TrialId)
        {
            _log.Warning("Ignoring crash report for trial {TrialId} from {Worker}: not assigned to it", crashed.TrialId, crashed.Worker);
            return;
        }

        _inFlight.Remove(Sender);
        CancelDeadline(crashed.TrialId);
        if (_finished.Contains(crashed.TrialId))
        {
            return;
        }

        // A crash while the sweep stops (e.g. a runner that throws on cancellation) is no verdict on the trial: like a
        // cancelled one it stays out of the journal, and a resumed run trains it again with its attempts intact.
        if (_stopping)
        {
            _log.Warning("Trial {TrialId} crashed while the sweep stops ({Reason}); a resumed run trains it again", crashed.TrialId, crashed.Reason);
            return;
        }

        if (assignment.Attempt < _settings.MaxAttempts)
        {
            _log.Warning(
                "Trial {TrialId} attempt {Attempt} of {MaxAttempts} failed on {Node}/{Worker}: {Reason}; retrying on a fresh worker",
                crashed.TrialId, assignment.Attempt, _settings.MaxAttempts, crashed.Node, crashed.Worker, crashed.Reason);
            _queue.AddFirst(assignment with { Attempt = assignment.Attempt + 1 });
            return;
        }

        var spec = assignment.Spec;
        _finished.Add(spec.TrialId);
        _aggregator.Tell(new TrialFinished(TrialResults.Of(spec, TrialStatus.Failed) with
        {
            Reason = crashed.Reason,
            Attempts = assignment.Attempt,
            Node = crashed.Node,
        }));
    }

    private void Handle(TrialDeadlinePassed deadline)
    {
        foreach (var (worker, assignment) in _inFlight)
        {
            if (assignment.Spec.TrialId == deadline.TrialId && assignment.Attempt == deadline.Attempt)
            {
                var timeout = _settings.TrialTimeout.GetValueOrDefault();
                worker.Tell(new CancelTrial(deadline.TrialId, TrialStatus.TimedOut, $"exceeded the trial timeout of {timeout}"));
                return;
            }
        }
    }

    private void Handle(Terminated terminated)
    {
        var worker = terminated.ActorRef;
        _workers.Remove(worker);
        if (_inFlight.Remove(worker, out var lost))
        {
            CancelDeadline(lost.Spec.TrialId);
            PresumeDead(worker, lost);
            Requeue(lost, $"worker {worker.Path} terminated");
        }

        // Keep the local pool at its size; a worker that cannot even start (Stop by the supervisor) is not replaced forever.
        var isLocalChild = worker.Path.Parent == Self.Path;
        if (isLocalChild && !_stopping && _sweepFinished is null && _localWorkersStarted < _settings.LocalWorkers * 10)
        {
            StartLocalWorker();
        }
    }

    private void Handle(StopSweep stop)
    {
        _stopping = true;
        var cancelled = 0;
        foreach (var (worker, assignment) in _inFlight)
        {
            worker.Tell(new CancelTrial(assignment.Spec.TrialId, TrialStatus.Cancelled, stop.Reason));
            cancelled++;
        }

        // After a finished sweep the host's shutdown stops an idle coordinator: not worth a console line.
        _log.Log(_sweepFinished is null ? LogLevel.InfoLevel : LogLevel.DebugLevel, null, "Stopping the sweep ({Reason}): no new trials; cancelled {Cancelled} running", stop.Reason, cancelled);
        Sender.Tell(new SweepStopped(cancelled));
    }

    private void Handle(SweepFinished finished)
    {
        // Release every worker we know of (remote nodes leave the cluster on it).
        _sweepFinished = finished;
        foreach (var worker in _workers)
        {
            worker.Tell(finished);
        }
    }

    private void Requeue(Assignment assignment, string why)
    {
        if (_finished.Contains(assignment.Spec.TrialId))
        {
            return;
        }

        // Losing a worker is not the trial's fault: the attempt is not consumed.
        _log.Warning("Re-queueing trial {TrialId}: {Why}", assignment.Spec.TrialId, why);
        // Handed out on the next RequestTrial (idle workers re-poll every PollInterval). Never pushed to a worker:
        // a worker has at most one request outstanding, so "asks while holding a trial" reliably means it restarted.
        _queue.AddFirst(assignment);
    }

    /// <summary>True when <paramref name="worker"/> holds <paramref name="trialId"/> now.</summary>
    private bool Holds(IActorRef worker, int trialId, out Assignment? assignment) =>
        _inFlight.TryGetValue(worker, out assignment) && assignment.Spec.TrialId == trialId;

    private void ForwardFromHolder(object message, int trialId)
    {
        if (Holds(Sender, trialId, out _))
        {
            _aggregator.Tell(message);
        }
        else
        {
            _log.Debug("Dropped {Message} from {Sender}: that worker does not hold trial {TrialId}", message.GetType().Name, Sender.Path, trialId);
        }
    }

    private void PresumeDead(IActorRef worker, Assignment held)
    {
        if (!_presumedDead.TryGetValue(held.Spec.TrialId, out var formerHolders))
        {
            _presumedDead[held.Spec.TrialId] = formerHolders = new HashSet<IActorRef>();
        }

        formerHolders.Add(worker);
    }

    // A late result from a worker presumed dead finished the trial: the copy handed out again stops (its worker is freed).
    private void CancelCopy(int trialId, IActorRef lateWorker)
    {
        CancelDeadline(trialId);
        foreach (var (worker, assignment) in _inFlight)
        {
            if (assignment.Spec.TrialId == trialId)
            {
                _log.Info("Trial {TrialId} finished by a late result from {LateWorker}, presumed dead; cancelling its copy on {Worker}", trialId, lateWorker.Path, worker.Path);
                worker.Tell(new CancelTrial(trialId, TrialStatus.Cancelled, $"already finished by a late result from {lateWorker.Path}"));
                return;
            }
        }

        _log.Info("Trial {TrialId} finished by a late result from {LateWorker}, presumed dead; it is not handed out again", trialId, lateWorker.Path);
    }

    private void StartLocalWorker()
    {
        _localWorkersStarted++;
        Context.ActorOf(_settings.LocalWorkerProps!, $"worker-{_localWorkersStarted}");
    }

    private void CancelDeadline(int trialId) => Timers.Cancel(DeadlineKey(trialId));

    private static string DeadlineKey(int trialId) => $"deadline-{trialId}";

    private sealed record Assignment(TrialSpec Spec, int Attempt);

    private sealed record TrialDeadlinePassed(int TrialId, int Attempt) : INoSerializationVerificationNeeded;
}
