using Akka.Actor;
using Akka.Event;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// Ends a node when one of its actors fails (<see cref="SweepActorFailed"/>, from <see cref="FailFastStrategy"/>): it
/// stops <c>watched</c> (the aggregator on the node that owns the sweep, which journals what it already holds first;
/// the node actor on a worker node) and, once that actor has stopped, calls <c>onFailure</c> once with the error.
/// <c>watched</c> stopping on its own while the node is not shutting down is a failure too, which also covers a failure
/// reported before this actor was subscribed.
/// </summary>
public sealed class FailureWatchActor : ReceiveActor
{
    private readonly IActorRef _watched;
    private readonly Action<string> _onFailure;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string? _error;

    /// <param name="watched">The actor whose end ends the node.</param>
    /// <param name="onFailure">Called once, on this actor's thread, with the error, after <paramref name="watched"/> has stopped.</param>
    public FailureWatchActor(IActorRef watched, Action<string> onFailure)
    {
        _watched = watched;
        _onFailure = onFailure;
        Context.Watch(watched);

        Receive<SweepActorFailed>(Handle);
        Receive<Terminated>(Handle);
    }

    /// <summary>Creates the watch's props (start it with <see cref="SweepActors.StartFailureWatch"/>, which subscribes it at once).</summary>
    public static Props Props(IActorRef watched, Action<string> onFailure) =>
        Akka.Actor.Props.Create(() => new FailureWatchActor(watched, onFailure));

    private void Handle(SweepActorFailed failed)
    {
        _log.Debug("The {Actor} actor failed: {Detail}", failed.Actor, failed.Detail);
        if (_error is not null)
        {
            return;
        }

        _error = $"the {failed.Actor} actor failed: {failed.Error}";
        // Stopped after what it already received: results that reached the aggregator are journaled first.
        _watched.Tell(PoisonPill.Instance);
    }

    private void Handle(Terminated terminated)
    {
        // A node that is shutting down stops its actors on purpose.
        if (terminated.ActorRef != _watched || CoordinatedShutdown.Get(Context.System).ShutdownReason is not null)
        {
            return;
        }

        _onFailure(_error ?? $"the {_watched.Path.Name} actor stopped unexpectedly");
        Context.Stop(Self);
    }
}
