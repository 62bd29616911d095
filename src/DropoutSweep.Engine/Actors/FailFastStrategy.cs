using Akka.Actor;
using Akka.Actor.Internal;

namespace DropoutSweep.Engine.Actors;

/// <summary>
/// Supervision of the actors that hold a sweep's state (aggregator, coordinator, a worker node's actor): an exception
/// stops the actor instead of restarting it, and is published as <see cref="SweepActorFailed"/> so that a
/// <see cref="FailureWatchActor"/> ends the node with the error. Restarting would lose the actor's state (a restarted
/// aggregator forgets the results it counted, a restarted coordinator its queue), and the sweep would wait forever.
/// Failing fast keeps the one recovery path that is already proven: the journal holds every finished trial, and running
/// the same command again resumes from it.
/// </summary>
public sealed class FailFastStrategy : OneForOneStrategy
{
    // Not logged by Akka: the watch logs the one-line error, and the full exception text goes to the log file.
    public FailFastStrategy()
        : base(_ => Directive.Stop, loggingEnabled: false)
    {
    }

    public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyCollection<ChildRestartStats> children)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(child);
        context.System.EventStream.Publish(Describe(child, cause));
        base.ProcessFailure(context, restart, child, cause, stats, children);
    }

    /// <summary>The event for <paramref name="actor"/> failing with <paramref name="cause"/> (an initialisation failure names its inner exception).</summary>
    public static SweepActorFailed Describe(IActorRef actor, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(cause);
        var error = cause is ActorInitializationException { InnerException: { } inner } ? inner : cause;
        return new SweepActorFailed(actor.Path.Name, $"{error.GetType().Name}: {error.Message}", cause.ToString());
    }
}
