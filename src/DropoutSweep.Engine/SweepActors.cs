using Akka.Actor;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine.Actors;

namespace DropoutSweep.Engine;

/// <summary>Starts a sweep's top-level actors in an actor system (used by the hosting wiring and by the benchmarks).</summary>
internal static class SweepActors
{
    /// <summary>Starts the aggregator and the coordinator (which starts <see cref="SweepRun.Parallelism"/> local workers).</summary>
    public static (IActorRef Aggregator, IActorRef Coordinator) Start(ActorSystem system, SweepRun run, SweepCompletion completion, ITrialRunner runner)
    {
        var aggregator = StartAggregator(system, run, completion);
        var coordinator = system.ActorOf(CoordinatorActor.Props(run.Schedule(), aggregator, CoordinatorSettingsFor(run, runner)), "coordinator");
        return (aggregator, coordinator);
    }

    /// <summary>
    /// Starts the aggregator and the watch that fails the sweep fast when one of its actors fails (see
    /// <see cref="FailFastStrategy"/>): the aggregator is stopped, the partial report is written from the journal (the
    /// record of what finished, whatever state the failed actor was in), and <paramref name="completion"/> ends with the error.
    /// </summary>
    public static IActorRef StartAggregator(ActorSystem system, SweepRun run, SweepCompletion completion)
    {
        var aggregator = system.ActorOf(AggregatorActor.Props(run, completion), "aggregator");
        Action<string> fail = error => Fail(run, completion, error);
        StartFailureWatch(system, aggregator, fail);
        return aggregator;
    }

    /// <summary>Starts a <see cref="FailureWatchActor"/> and subscribes it before returning, so that no failure published afterwards is missed.</summary>
    public static IActorRef StartFailureWatch(ActorSystem system, IActorRef watched, Action<string> onFailure)
    {
        var watch = system.ActorOf(FailureWatchActor.Props(watched, onFailure), "failure-watch");
        system.EventStream.Subscribe(watch, typeof(SweepActorFailed));
        return watch;
    }

    /// <summary>The coordinator settings of a local run: the plan's failure policy and <see cref="SweepRun.Parallelism"/> workers.</summary>
    public static CoordinatorSettings CoordinatorSettingsFor(SweepRun run, ITrialRunner runner) => new()
    {
        MaxAttempts = run.Plan.Options.MaxAttempts,
        TrialTimeout = run.Plan.Options.TrialTimeout,
        LocalWorkers = run.Parallelism,
        LocalWorkerProps = WorkerActor.Props(run.Data, runner, run.ProgressEvery, progressInterval: run.ProgressInterval),
    };

    // Runs once the aggregator has stopped: nothing else writes the folder's files any more. The sweep ends whatever
    // happens here: a report that cannot be written (a full disk, or the very bug that stopped the aggregator) is added
    // to the error, never left to fail this actor, which would leave the sweep waiting.
    private static void Fail(SweepRun run, SweepCompletion completion, string error)
    {
        if (completion.Task.IsCompleted)
        {
            return; // the sweep had already ended (completed, interrupted or stopped on an error) when the actor failed
        }

        IReadOnlyList<TrialResult> results = [];
        var message = error;
        try
        {
            results = SweepResume.Finished(run with { AlreadyDone = TrialJournal.Read(run.OutputDirectory).Results });
            using var files = new SweepFiles(run);
            files.WriteReport(files.Rank(results), complete: false, resumedTrials: SweepResume.Finished(run).Count, networks: [], networksNote: "the sweep stopped on an error before it completed");
        }
        catch (Exception reportError)
        {
            message = $"{error}; the partial report could not be written either: {reportError.GetType().Name}: {reportError.Message}";
        }

        completion.TryComplete(SweepOutcome.Of(results, run.Plan.Trials.Count, complete: false) with { Error = message });
    }
}
