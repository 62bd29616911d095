using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using DropoutSweep.Core.Data;
using DropoutSweep.Engine.Cluster;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// The top actor of a worker node. It asks the coordinator (through the singleton proxy) what the sweep trains on,
/// loads those data here and checks that they hash the same as the coordinator's, then starts
/// <see cref="WorkerNodeSettings.Parallelism"/> ordinary <see cref="WorkerActor"/>s that pull trials from the proxy.
/// It watches the coordinator's node: when the coordinator leaves, or this node is downed, it reports
/// <see cref="WorkerNodeEnd.Disconnected"/> (the command starts a fresh node that rejoins); when the coordinator stays
/// out of reach for the rejoin timeout it reports <see cref="WorkerNodeEnd.CoordinatorLost"/>; when the coordinator
/// says the sweep is finished it reports <see cref="WorkerNodeEnd.SweepFinished"/>.
/// </summary>
public sealed class WorkerNodeActor : ReceiveActor, IWithTimers
{
    private const string JoinTimer = "join";
    private const string GiveUpTimer = "give-up";
    private const string WaitingTimer = "waiting";
    private static readonly TimeSpan WaitingLineEvery = TimeSpan.FromSeconds(30);

    private readonly IActorRef _coordinator;
    private readonly WorkerNodeSettings _settings;
    private readonly ITrialRunner _runner;
    private readonly WorkerNodeCompletion _completion;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly string _node;
    private SweepJoined? _sweep;
    private Dataset? _data;
    private int _workersStarted;

    /// <param name="coordinator">The coordinator singleton's proxy.</param>
    /// <param name="settings">Parallelism and rejoin timeout.</param>
    /// <param name="runner">What trains a trial.</param>
    /// <param name="completion">Where the node's end is reported.</param>
    public WorkerNodeActor(IActorRef coordinator, WorkerNodeSettings settings, ITrialRunner runner, WorkerNodeCompletion completion)
    {
        _coordinator = coordinator;
        _settings = settings;
        _runner = runner;
        _completion = completion;
        _node = NodeName.Of(Context.System);

        Receive<SweepJoined>(Handle);
        Receive<DataLoaded>(Handle);
        Receive<SweepFinished>(Handle);
        Receive<SendJoin>(_ => _coordinator.Tell(new JoinSweep(_node)));
        Receive<GiveUp>(Handle);
        Receive<StillWaiting>(_ => _log.Warning(
            "Still waiting for the coordinator at {SeedNodes} (giving up at {Deadline:HH:mm:ss} UTC)",
            string.Join(", ", _cluster.Settings.SeedNodes), (_completion.LostSince ?? DateTimeOffset.UtcNow) + _settings.RejoinTimeout));
        Receive<ClusterEvent.UnreachableMember>(m => { if (IsCoordinator(m.Member)) CoordinatorUnreachable(m.Member); });
        Receive<ClusterEvent.ReachableMember>(m => { if (IsCoordinator(m.Member)) CoordinatorReachable(m.Member); });
        Receive<ClusterEvent.MemberRemoved>(m => { if (IsCoordinator(m.Member)) CoordinatorRemoved(m.Member); });
        Receive<Terminated>(Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Creates the node actor's props.</summary>
    public static Props Props(IActorRef coordinator, WorkerNodeSettings settings, ITrialRunner runner, WorkerNodeCompletion completion) =>
        Akka.Actor.Props.Create(() => new WorkerNodeActor(coordinator, settings, runner, completion));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.MemberRemoved));

        // Downed (e.g. by the split brain resolver after losing the coordinator) or left: this ActorSystem cannot rejoin.
        var completion = _completion;
        _cluster.RegisterOnMemberRemoved(() => completion.TryComplete(new WorkerNodeOutcome(WorkerNodeEnd.Disconnected, "this node was removed from the cluster")));

        Timers.StartPeriodicTimer(JoinTimer, SendJoin.Instance, TimeSpan.Zero, _settings.JoinRetry);
        Timers.StartPeriodicTimer(WaitingTimer, StillWaiting.Instance, WaitingLineEvery);
        StartGiveUpTimer(_completion.LostSince ?? DateTimeOffset.UtcNow);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override SupervisorStrategy SupervisorStrategy() => WorkerSupervision.Strategy();

    private void Handle(SweepJoined joined)
    {
        Timers.Cancel(JoinTimer);
        Timers.Cancel(WaitingTimer);
        Reconnected();
        if (_sweep is not null)
        {
            return;
        }

        _sweep = joined;
        _log.Info("Joined sweep {SweepName} as node {Node}: loading its data ({DatasetKind})", joined.SweepName, _node, joined.Dataset.Kind);

        // A large CSV takes a while to read: off the actor's thread, like training (AKKA.md §2).
        var self = Self;
        Task.Factory.StartNew(() => Load(joined), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .PipeTo(self, failure: error => new DataLoaded(null, $"Cannot load {Source(joined.Dataset)} on this node: {TaskFailures.Unwrap(error).Message}"));
    }

    private void Handle(DataLoaded loaded)
    {
        if (_completion.Task.IsCompleted)
        {
            return; // the sweep ended (or the node lost the coordinator) while the data loaded
        }

        if (loaded.Problem is { } problem)
        {
            _log.Error("{Problem}", problem);
            _completion.TryComplete(new WorkerNodeOutcome(WorkerNodeEnd.DataMismatch, problem));
            return;
        }

        _data = loaded.Data;
        _log.Info("Data {Dataset} match the coordinator's (sha256 {DataDigest}); starting {Parallelism} worker(s)", _data!.Name, _sweep!.DataDigest, _settings.Parallelism);
        for (var i = 0; i < _settings.Parallelism; i++)
        {
            StartWorker();
        }
    }

    private void Handle(SweepFinished finished)
    {
        _log.Info("The coordinator finished the sweep ({Total} trials); leaving the cluster", finished.Total);
        _completion.TryComplete(new WorkerNodeOutcome(WorkerNodeEnd.SweepFinished, $"the sweep finished ({finished.Total} trials)"));
    }

    private void Handle(GiveUp giveUp)
    {
        var message = $"no coordinator within the rejoin timeout of {_settings.RejoinTimeout} (out of reach since {giveUp.LostSince:u})";
        _log.Error("Giving up: {Reason}", message);
        _completion.TryComplete(new WorkerNodeOutcome(WorkerNodeEnd.CoordinatorLost, message));
    }

    private void Handle(Terminated terminated)
    {
        // Only a worker that could not even start is stopped by the supervisor; keep the node's parallelism, within reason.
        if (_data is not null && _workersStarted < _settings.Parallelism * 10)
        {
            _log.Warning("Worker {Worker} stopped; starting another", terminated.ActorRef.Path.Name);
            StartWorker();
        }
    }

    private void CoordinatorUnreachable(Member coordinator)
    {
        var since = _completion.MarkLost(DateTimeOffset.UtcNow);
        _log.Warning("The coordinator {Address} is unreachable; waiting up to {RejoinTimeout} for it", coordinator.Address, _settings.RejoinTimeout);
        StartGiveUpTimer(since);
    }

    private void CoordinatorReachable(Member coordinator)
    {
        if (_sweep is not null)
        {
            _log.Info("The coordinator {Address} is reachable again", coordinator.Address);
            Reconnected();
        }
    }

    private void CoordinatorRemoved(Member coordinator)
    {
        // The coordinator left (or was downed) without saying the sweep is done: a restarted coordinator forms a new
        // cluster, which only a fresh node can join.
        _completion.MarkLost(DateTimeOffset.UtcNow);
        _completion.TryComplete(new WorkerNodeOutcome(WorkerNodeEnd.Disconnected, $"the coordinator {coordinator.Address} left the cluster before the sweep finished"));
    }

    private void Reconnected()
    {
        _completion.MarkConnected();
        Timers.Cancel(GiveUpTimer);
    }

    private void StartGiveUpTimer(DateTimeOffset lostSince)
    {
        var left = lostSince + _settings.RejoinTimeout - DateTimeOffset.UtcNow;
        Timers.StartSingleTimer(GiveUpTimer, new GiveUp(lostSince), left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }

    private void StartWorker()
    {
        _workersStarted++;
        var worker = Context.ActorOf(WorkerActor.Props(_data!, _runner, _sweep!.ProgressEvery, _coordinator, _sweep.ProgressInterval), $"worker-{_workersStarted}");
        Context.Watch(worker);
    }

    private static bool IsCoordinator(Member member) => member.HasRole(ClusterRoles.Coordinator);

    /// <summary>Loads the sweep's data on this node and compares them with the coordinator's (runs off the actor; a load error comes back as a failure).</summary>
    private static DataLoaded Load(SweepJoined joined)
    {
        var source = Source(joined.Dataset);
        var data = DatasetLoader.LoadShared(joined.Dataset); // once per process: a node started again reuses it
        if (!string.Equals(data.ContentHash, joined.ContentHash, StringComparison.Ordinal))
        {
            return new DataLoaded(null, $"{source} differs on this node: content sha256 {data.ContentHash} here, {joined.ContentHash} on the coordinator. This node will not train on other data.");
        }

        var digest = DatasetDigest.Of(data);
        if (!string.Equals(digest, joined.DataDigest, StringComparison.Ordinal))
        {
            return new DataLoaded(null, $"{source} gives other numbers on this node than on the coordinator (data sha256 {digest} here, {joined.DataDigest} there; same source). This node will not train on other data.");
        }

        return new DataLoaded(data, null);
    }

    private static string Source(DatasetOptions dataset) =>
        dataset.Files() is [var (setting, path), ..] ? $"Dataset.{setting} '{path}'" : $"Dataset ({dataset.Kind})";

    private sealed record SendJoin : INoSerializationVerificationNeeded
    {
        public static SendJoin Instance { get; } = new();
    }

    private sealed record StillWaiting : INoSerializationVerificationNeeded
    {
        public static StillWaiting Instance { get; } = new();
    }

    private sealed record GiveUp(DateTimeOffset LostSince) : INoSerializationVerificationNeeded;

    // Holds the loaded data set: local to this node, never sent.
    private sealed record DataLoaded(Dataset? Data, string? Problem) : INoSerializationVerificationNeeded;
}
