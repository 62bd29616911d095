using Akka.Actor;
using DropoutSweep.Engine.Actors;

namespace DropoutSweep.Engine;

/// <summary>Starts a sweep's top-level actors in an actor system (used by the hosting wiring and by the benchmarks).</summary>
internal static class SweepActors
{
    /// <summary>Starts the aggregator and the coordinator (which starts <see cref="SweepRun.Parallelism"/> local workers).</summary>
    public static (IActorRef Aggregator, IActorRef Coordinator) Start(ActorSystem system, SweepRun run, SweepCompletion completion, ITrialRunner runner)
    {
        var aggregator = system.ActorOf(AggregatorActor.Props(run, completion), "aggregator");
        var coordinator = system.ActorOf(CoordinatorActor.Props(SweepResume.Remaining(run), aggregator, CoordinatorSettingsFor(run, runner)), "coordinator");
        return (aggregator, coordinator);
    }

    /// <summary>The coordinator settings of a local run: the plan's failure policy and <see cref="SweepRun.Parallelism"/> workers.</summary>
    public static CoordinatorSettings CoordinatorSettingsFor(SweepRun run, ITrialRunner runner) => new()
    {
        MaxAttempts = run.Plan.Options.MaxAttempts,
        TrialTimeout = run.Plan.Options.TrialTimeout,
        LocalWorkers = run.Parallelism,
        LocalWorkerProps = WorkerActor.Props(run.Data, runner, run.ProgressEvery),
    };
}
