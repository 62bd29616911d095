using Akka.Actor;

namespace DropoutSweep.Engine.Actors;

/// <summary>How a worker's parent supervises it: the coordinator its local workers, a worker node's actor its workers.</summary>
internal static class WorkerSupervision
{
    // A worker whose trial threw restarts itself (TrialCrashedException) to be fresh for the next trial; the crash
    // was already reported and logged, so the supervisor need not log it again. A worker that cannot even start stops.
    public static SupervisorStrategy Strategy() =>
        new OneForOneStrategy(
            error => error switch
            {
                ActorInitializationException => Directive.Stop,
                _ => Directive.Restart,
            },
            loggingEnabled: false);
}
