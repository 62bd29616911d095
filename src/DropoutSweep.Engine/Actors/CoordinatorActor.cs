using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// Owns the sweep's schedule (<see cref="TrialSchedule"/>: every trial whole, or synchronous rungs) and hands its work,
/// one piece at a time, to workers that ask (work pulling: the same protocol for local and remote workers). Watches
/// every worker it served: a worker that dies has its work re-queued. Work that throws gets
/// <see cref="CoordinatorSettings.MaxAttempts"/> attempts in all, then its trial is recorded Failed; an optional
/// timeout cancels a piece of work and records the trial TimedOut. Every final result, every rung a trial reaches
/// (with its checkpoint) and every barrier decision goes to the aggregator, in that order.
/// <para>
/// Whose results count: a result is accepted from the worker that holds the work, or from a worker that held it
/// earlier and was presumed dead (it terminated, or asked for new work while holding it). Such a late result counts,
/// and the copy handed out again meanwhile is cancelled: training is deterministic, so the late result is the one the
/// copy would produce, and its worker is freed. Anything else (work never given to that sender, work already done) is
/// dropped and logged with the sender's address; progress of a trial is forwarded only from the worker that holds it.
/// </para>
/// <para>
/// With a scheduler, a worker that asks while the next rung waits on its barrier gets no answer until there is work
/// (it is parked, not told to poll), and the time workers spend so is measured and sent to the aggregator before the
/// last result (<see cref="WorkerTimeMeasured"/>).
/// </para>
/// </summary>
public sealed class CoordinatorActor : ReceiveActor, IWithTimers
{
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _aggregator;
    private readonly TrialSchedule _schedule;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Retries and re-queued work go first, so a sweep's tail is not held up by its own repairs; then the schedule's.
    private readonly LinkedList<Assignment> _retries = new();
    private readonly Dictionary<IActorRef, Assignment> _inFlight = new();
    private readonly HashSet<(int TrialId, int Rung)> _done = new();

    // Work → the workers that held it and were presumed dead: their late result is still accepted.
    private readonly Dictionary<(int TrialId, int Rung), HashSet<IActorRef>> _presumedDead = new();
    private readonly HashSet<IActorRef> _workers = new();
    private readonly HashSet<IActorRef> _parked = new();
    private readonly WorkerClock _clock = new();
    private int _localWorkersStarted;
    private bool _stopping;
    private bool _measured;
    private SweepFinished? _sweepFinished;

    /// <param name="schedule">The work, already without what an earlier run finished.</param>
    /// <param name="aggregator">Receives progress, rungs reached, decisions and every final result.</param>
    /// <param name="settings">Retry, timeout and local-worker settings.</param>
    public CoordinatorActor(TrialSchedule schedule, IActorRef aggregator, CoordinatorSettings settings)
    {
        _settings = settings;
        _aggregator = aggregator;
        _schedule = schedule;

        Receive<RequestTrial>(Handle);
        Receive<TrialStarted>(s => ForwardFromHolder(s, s.TrialId));
        Receive<TrialProgressed>(p => ForwardFromHolder(p, p.TrialId));
        Receive<TrialFinished>(Handle);
        Receive<TrialReachedRung>(Handle);
        Receive<TrialCrashed>(Handle);
        Receive<TrialDeadlinePassed>(Handle);
        Receive<Terminated>(Handle);
        Receive<StopSweep>(Handle);
        Receive<SweepFinished>(Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Creates the coordinator's props.</summary>
    public static Props Props(TrialSchedule schedule, IActorRef aggregator, CoordinatorSettings settings) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(schedule, aggregator, settings));

    /// <summary>Props of a coordinator that trains <paramref name="trials"/> whole, in the order given (no scheduler).</summary>
    public static Props Props(IReadOnlyList<TrialSpec> trials, IActorRef aggregator, CoordinatorSettings settings) =>
        Props(TrialSchedule.Whole(trials), aggregator, settings);

    protected override void PreStart()
    {
        // Resumed: decisions taken again from the earlier run's results, and trials they prune that were not yet recorded.
        Emit(_schedule.Started);
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
            _clock.Joined(worker);
        }

        if (_inFlight.Remove(worker, out var lost))
        {
            // The worker restarted (or lost its state) while it held work: that attempt is gone.
            CancelDeadline(lost.Work.Spec.TrialId);
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
            _clock.Idle(worker);
            if (!_stopping && _schedule.MoreWorkMayCome)
            {
                _parked.Add(worker); // answered when a barrier (or a retry) gives work
            }
            else
            {
                worker.Tell(new NoTrialAvailable(_settings.PollInterval));
            }

            return;
        }

        _parked.Remove(worker);
        _clock.Busy(worker);
        _inFlight[worker] = assignment;
        var work = assignment.Work;
        if (_settings.TrialTimeout is { } timeout)
        {
            Timers.StartSingleTimer(DeadlineKey(work.Spec.TrialId), new TrialDeadlinePassed(work.Key, assignment.Attempt), timeout);
        }

        worker.Tell(new RunTrial(work.Spec, assignment.Attempt) { Rung = work.Rung, StopAfterEpoch = work.StopAfterEpoch, From = work.From });
    }

    // Hands work that became available to the workers waiting for it.
    private void DispatchParked()
    {
        foreach (var worker in _parked.ToList())
        {
            if (_retries.Count == 0 && _schedule.Ready == 0)
            {
                return;
            }

            _parked.Remove(worker);
            Dispatch(worker);
        }
    }

    private Assignment? TakeNext()
    {
        while (_retries.First is { } first)
        {
            _retries.RemoveFirst();
            if (!_done.Contains(first.Value.Work.Key))
            {
                return first.Value;
            }
        }

        return _schedule.Next() is { } work ? new Assignment(work, 1) : null;
    }

    private void Handle(TrialFinished finished)
    {
        var result = finished.Result;
        if (Accept(result.TrialId, result.Rung ?? 0, result.Status, out var assignment, out var heldWhenPresumedDead) is not { } key)
        {
            return;
        }

        // A trial cancelled by shutdown is not finished: a resumed run trains it again. Cancelled while the sweep goes
        // on (a runner that gave up by itself), it would never be finished: it goes back to the queue. A cancellation
        // from a worker presumed dead says nothing: the work's copy trains on.
        if (result.Status == TrialStatus.Cancelled)
        {
            if (heldWhenPresumedDead)
            {
                return;
            }

            if (!_stopping)
            {
                Requeue(assignment!, "its worker returned it cancelled while the sweep goes on");
                DispatchParked();
                return;
            }

            _aggregator.Tell(finished);
            return;
        }

        Completed(key, heldWhenPresumedDead);
        Record(result, finished.Curve);
    }

    private void Handle(TrialReachedRung reached)
    {
        var checkpoint = reached.Checkpoint;
        if (Accept(checkpoint.TrialId, checkpoint.Rung, checkpoint.Result.Status, out _, out var heldWhenPresumedDead) is not { } key)
        {
            return;
        }

        Completed(key, heldWhenPresumedDead);
        _aggregator.Tell(reached); // kept beside the journal before any decision that depends on it
        Emit(_schedule.Reached(checkpoint));
        DispatchParked();
    }

    /// <summary>
    /// The work a result is for, when the result counts: from the worker that holds the work, or from one presumed dead
    /// that held it; null (logged) otherwise, or when the work is done already.
    /// </summary>
    private (int TrialId, int Rung)? Accept(int trialId, int rung, TrialStatus status, out Assignment? assignment, out bool heldWhenPresumedDead)
    {
        var holds = _inFlight.TryGetValue(Sender, out assignment) && assignment.Work.Spec.TrialId == trialId;
        var key = holds ? assignment!.Work.Key : (trialId, rung);
        heldWhenPresumedDead = !holds && _presumedDead.TryGetValue(key, out var formerHolders) && formerHolders.Contains(Sender);
        if (!holds && !heldWhenPresumedDead)
        {
            _log.Warning("Dropped a result for trial {TrialId} ({Status}) from {Sender}: that worker does not hold the trial and never held it", trialId, status, Sender.Path);
            return null;
        }

        if (holds)
        {
            _inFlight.Remove(Sender);
            CancelDeadline(trialId);
        }

        if (_done.Contains(key))
        {
            // E.g. the copy of work that a late result finished, returning cancelled or done just before it heard.
            _log.Debug("Dropped a second result for trial {TrialId} ({Status}) from {Sender}: that work is already done", trialId, status, Sender.Path);
            return null;
        }

        return key;
    }

    private void Completed((int TrialId, int Rung) key, bool heldWhenPresumedDead)
    {
        _done.Add(key);
        if (heldWhenPresumedDead)
        {
            CancelCopy(key, Sender);
        }
    }

    // A final result (with its learning curve): to the aggregator, and to the schedule, which may decide a barrier.
    private void Record(TrialResult result, LearningCurve? curve)
    {
        var events = _schedule.Finished(result);
        MeasureIfLast();
        _aggregator.Tell(new TrialFinished(result, curve));
        Emit(events);
        DispatchParked();
    }

    // Decisions first, then the trials they pruned: the aggregator logs the rung before it records its pruned trials.
    private void Emit(ScheduleEvents events)
    {
        foreach (var decision in events.Decisions)
        {
            _aggregator.Tell(new RungDecided(decision));
        }

        if (events.Pruned.Count > 0)
        {
            MeasureIfLast();
        }

        foreach (var pruned in events.Pruned)
        {
            _done.Add((pruned.TrialId, pruned.Rung));
            _aggregator.Tell(new TrialFinished(pruned.Result, pruned.Curve));
        }
    }

    // Before the results that end a scheduled sweep: the workers' time, measured once.
    private void MeasureIfLast()
    {
        if (!_measured && _schedule.HasBarriers && _schedule.IsComplete && _inFlight.Count == 0)
        {
            _measured = true;
            _aggregator.Tell(_clock.Measure());
        }
    }

    private void Handle(TrialCrashed crashed)
    {
        if (!_inFlight.TryGetValue(Sender, out var assignment) || assignment.Work.Spec.TrialId != crashed.TrialId)
        {
            _log.Warning("Ignoring crash report for trial {TrialId} from {Worker}: not assigned to it", crashed.TrialId, crashed.Worker);
            return;
        }

        _inFlight.Remove(Sender);
        CancelDeadline(crashed.TrialId);
        if (_done.Contains(assignment.Work.Key))
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
            _retries.AddFirst(assignment with { Attempt = assignment.Attempt + 1 });
            DispatchParked();
            return;
        }

        var work = assignment.Work;
        _done.Add(work.Key);
        Record(TrialResults.Of(work.Spec, TrialStatus.Failed) with
        {
            Reason = crashed.Reason,
            Attempts = assignment.Attempt,
            Node = crashed.Node,
            Rung = work.Rung,
        }, curve: null);
    }

    private void Handle(TrialDeadlinePassed deadline)
    {
        foreach (var (worker, assignment) in _inFlight)
        {
            if (assignment.Work.Key == deadline.Key && assignment.Attempt == deadline.Attempt)
            {
                var timeout = _settings.TrialTimeout.GetValueOrDefault();
                worker.Tell(new CancelTrial(deadline.Key.TrialId, TrialStatus.TimedOut, $"exceeded the trial timeout of {timeout}"));
                return;
            }
        }
    }

    private void Handle(Terminated terminated)
    {
        var worker = terminated.ActorRef;
        _workers.Remove(worker);
        _parked.Remove(worker);
        _clock.Left(worker);
        if (_inFlight.Remove(worker, out var lost))
        {
            CancelDeadline(lost.Work.Spec.TrialId);
            PresumeDead(worker, lost);
            Requeue(lost, $"worker {worker.Path} terminated");
            DispatchParked();
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
            worker.Tell(new CancelTrial(assignment.Work.Spec.TrialId, TrialStatus.Cancelled, stop.Reason));
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
        _parked.Clear();
        foreach (var worker in _workers)
        {
            worker.Tell(finished);
        }
    }

    private void Requeue(Assignment assignment, string why)
    {
        if (_done.Contains(assignment.Work.Key))
        {
            return;
        }

        // Losing a worker is not the trial's fault: the attempt is not consumed.
        _log.Warning("Re-queueing trial {TrialId}: {Why}", assignment.Work.Spec.TrialId, why);
        // Handed out on the next RequestTrial, or to a parked worker. Never pushed to a busy worker: a worker has at most
        // one request outstanding, so "asks while holding a trial" reliably means it restarted.
        _retries.AddFirst(assignment);
    }

    private void ForwardFromHolder(object message, int trialId)
    {
        if (_inFlight.TryGetValue(Sender, out var assignment) && assignment.Work.Spec.TrialId == trialId)
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
        if (!_presumedDead.TryGetValue(held.Work.Key, out var formerHolders))
        {
            _presumedDead[held.Work.Key] = formerHolders = new HashSet<IActorRef>();
        }

        formerHolders.Add(worker);
    }

    // A late result from a worker presumed dead counted: the copy handed out again stops (its worker is freed).
    private void CancelCopy((int TrialId, int Rung) key, IActorRef lateWorker)
    {
        CancelDeadline(key.TrialId);
        foreach (var (worker, assignment) in _inFlight)
        {
            if (assignment.Work.Key == key)
            {
                _log.Info("Trial {TrialId} finished by a late result from {LateWorker}, presumed dead; cancelling its copy on {Worker}", key.TrialId, lateWorker.Path, worker.Path);
                worker.Tell(new CancelTrial(key.TrialId, TrialStatus.Cancelled, $"already finished by a late result from {lateWorker.Path}"));
                return;
            }
        }

        _log.Info("Trial {TrialId} finished by a late result from {LateWorker}, presumed dead; it is not handed out again", key.TrialId, lateWorker.Path);
    }

    private void StartLocalWorker()
    {
        _localWorkersStarted++;
        Context.ActorOf(_settings.LocalWorkerProps!, $"worker-{_localWorkersStarted}");
    }

    private void CancelDeadline(int trialId) => Timers.Cancel(DeadlineKey(trialId));

    private static string DeadlineKey(int trialId) => $"deadline-{trialId}";

    private sealed record Assignment(TrialWork Work, int Attempt);

    private sealed record TrialDeadlinePassed((int TrialId, int Rung) Key, int Attempt) : INoSerializationVerificationNeeded;

    /// <summary>Each worker's time from its first request, and how much of it was spent waiting for work.</summary>
    private sealed class WorkerClock
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<IActorRef, TimeSpan> _joined = new();
        private readonly Dictionary<IActorRef, TimeSpan> _idleSince = new();
        private TimeSpan _workerTime;
        private TimeSpan _idleTime;

        public void Joined(IActorRef worker) => _joined.TryAdd(worker, _clock.Elapsed);

        public void Idle(IActorRef worker) => _idleSince.TryAdd(worker, _clock.Elapsed);

        public void Busy(IActorRef worker)
        {
            if (_idleSince.Remove(worker, out var since))
            {
                _idleTime += _clock.Elapsed - since;
            }
        }

        public void Left(IActorRef worker)
        {
            Busy(worker);
            if (_joined.Remove(worker, out var joined))
            {
                _workerTime += _clock.Elapsed - joined;
            }
        }

        /// <summary>The figures now: a worker still idle counts as idle until now.</summary>
        public WorkerTimeMeasured Measure()
        {
            var now = _clock.Elapsed;
            var workerTime = _workerTime + _joined.Values.Aggregate(TimeSpan.Zero, (sum, joined) => sum + (now - joined));
            var idleTime = _idleTime + _idleSince.Values.Aggregate(TimeSpan.Zero, (sum, since) => sum + (now - since));
            return new WorkerTimeMeasured(_joined.Count, workerTime.TotalSeconds, idleTime.TotalSeconds);
        }
    }
}
