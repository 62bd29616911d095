using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;

namespace DropoutSweep.Engine;

/// <summary>The CoordinatedShutdown task every sweep-owning node registers: stop the sweep, then write the partial report.</summary>
internal static class SweepShutdown
{
    /// <summary>How long the shutdown task waits for the coordinator and for the partial report (under the 5 s phase timeout).</summary>
    private static readonly TimeSpan ShutdownAskTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When the host stops before the sweep has ended, asks <see cref="CoordinatorKey"/> to cancel its running trials and
    /// <see cref="AggregatorKey"/> to write the partial report (marked incomplete), before any actor is stopped. A sweep
    /// that has ended (<paramref name="completion"/>: completed, or stopped on an error) has nothing to stop or write.
    /// The keys are looked up when the task runs: a cluster coordinator's key is registered after the aggregator's.
    /// </summary>
    public static void Register(ActorSystem system, IActorRegistry registry, SweepCompletion completion) =>
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "stop-sweep-and-flush-report", async () =>
        {
            if (completion.Task.IsCompleted)
            {
                return Done.Instance;
            }

            try
            {
                await registry.Get<CoordinatorKey>().Ask<SweepStopped>(new StopSweep("shutdown"), ShutdownAskTimeout);
            }
            catch (AskTimeoutException)
            {
                // Still write the partial report: the journal already holds every finished trial.
                system.Log.Warning("The coordinator did not confirm the stop within {Timeout}; writing the partial report anyway", ShutdownAskTimeout);
            }

            await registry.Get<AggregatorKey>().Ask<ReportFlushed>(new FlushReport("shutdown"), ShutdownAskTimeout);
            return Done.Instance;
        });
}
