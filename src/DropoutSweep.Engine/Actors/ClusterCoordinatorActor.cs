using Akka.Actor;
using Akka.Event;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Engine.Cluster;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// The cluster singleton on the coordinator node. It owns the sweep's <see cref="CoordinatorActor"/> (the queue, as its
/// child) and forwards the work-pulling protocol to it unchanged, with the worker as sender, so remote workers are
/// served and death-watched exactly like local ones. Beside that it answers worker nodes' <see cref="JoinSweep"/>
/// with the data settings they must train on, and tells every joined node when the sweep has finished, so that the
/// node leaves the cluster and exits 0 instead of waiting to rejoin.
/// </summary>
public sealed class ClusterCoordinatorActor : ReceiveActor
{
    private readonly IActorRef _queue;
    private readonly SweepJoined _sweep;
    private readonly int _total;
    private readonly HashSet<IActorRef> _nodes = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SweepFinished? _finished;

    /// <param name="schedule">The work still to do (the plan's schedule, resumed).</param>
    /// <param name="total">Trials in the plan (finished ones included).</param>
    /// <param name="sweep">What a joining worker node is told.</param>
    /// <param name="aggregator">Receives the results (on this node).</param>
    /// <param name="settings">The queue's retry, timeout and local-worker settings.</param>
    public ClusterCoordinatorActor(TrialSchedule schedule, int total, SweepJoined sweep, IActorRef aggregator, CoordinatorSettings settings)
    {
        _sweep = sweep;
        _total = total;
        if (schedule.IsComplete)
        {
            _finished = new SweepFinished(total);
        }

        _queue = Context.ActorOf(CoordinatorActor.Props(schedule, aggregator, settings), "queue");

        Receive<JoinSweep>(Handle);
        Receive<TrialRecorded>(Handle);
        Receive<Terminated>(t => _nodes.Remove(t.ActorRef));
        ReceiveAny(message => _queue.Forward(message));
    }

    /// <summary>Creates the singleton's props.</summary>
    public static Props Props(TrialSchedule schedule, int total, SweepJoined sweep, IActorRef aggregator, CoordinatorSettings settings) =>
        Akka.Actor.Props.Create(() => new ClusterCoordinatorActor(schedule, total, sweep, aggregator, settings));

    // The aggregator lives beside the singleton and publishes every recorded trial locally: the last one ends the sweep.
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(TrialRecorded));
        var address = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        _log.Info("Coordinator ready at {Address}: worker nodes join with --join {Host}:{Port}", address, address.Host, address.Port);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    // The queue holds the sweep's state: it fails fast like a top-level actor (the singleton's manager is its parent's parent).
    protected override SupervisorStrategy SupervisorStrategy() => new FailFastStrategy();

    // The singleton's manager restarts a failed singleton, which would start the queue over from the plan: report the
    // failure so that the node ends with it instead (the journal keeps what finished; a rerun resumes).
    protected override void PreRestart(Exception reason, object message)
    {
        Context.System.EventStream.Publish(FailFastStrategy.Describe(Self, reason));
        base.PreRestart(reason, message);
    }

    private void Handle(JoinSweep join)
    {
        if (_finished is not null)
        {
            Sender.Tell(_finished);
            return;
        }

        if (_nodes.Add(Sender))
        {
            Context.Watch(Sender);
            _log.Info("Worker node {Node} joined the sweep", join.Node);
        }

        Sender.Tell(_sweep);
    }

    private void Handle(TrialRecorded recorded)
    {
        if (_finished is not null || recorded.Finished < _total)
        {
            return;
        }

        _finished = new SweepFinished(_total);
        _log.Info("Sweep finished: telling {Nodes} worker node(s) to leave", _nodes.Count);
        foreach (var node in _nodes)
        {
            node.Tell(_finished);
        }
    }
}
