using Akka.Hosting;

namespace DropoutSweep.Engine;

/// <summary>
/// Akka.Hosting wiring of a local sweep: <c>services.AddSweepActorSystem((akka, _) => akka.WithDropoutSweep(run))</c>
/// (<see cref="SweepActorSystem"/> adds what every node shares).
/// </summary>
public static class SweepHosting
{
    /// <summary>
    /// Runs <paramref name="run"/> in this actor system: an aggregator (registered as <see cref="AggregatorKey"/>), a
    /// coordinator (<see cref="CoordinatorKey"/>) with <see cref="SweepRun.Parallelism"/> local workers, and a
    /// CoordinatedShutdown task that cancels running trials and writes a partial report (marked incomplete) when the
    /// host stops before the sweep is done.
    /// Needs in DI: <see cref="SweepCompletion"/> (singleton; completed with the <see cref="SweepOutcome"/> when the final
    /// or partial report is written, or when the sweep stops on an error, which is the host's cue to stop). Optional in
    /// DI: an <see cref="ITrialRunner"/> (default <see cref="TrainerTrialRunner"/>). Retries and timeouts come from the
    /// plan's options (<c>Sweep:MaxAttempts</c>, <c>Sweep:TrialTimeout</c>). Each worker trains on a dedicated thread of
    /// its own (TrainingThread), not on a dispatcher.
    /// </summary>
    public static AkkaConfigurationBuilder WithDropoutSweep(this AkkaConfigurationBuilder akka, SweepRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(run.Parallelism, "SweepRun.Parallelism");
        return akka.WithActors((system, registry, resolver) =>
        {
            var completion = resolver.GetService<SweepCompletion>()
                ?? throw new InvalidOperationException("Register a SweepCompletion singleton in DI before WithDropoutSweep: the host awaits it.");
            var runner = resolver.GetService<ITrialRunner>() ?? new TrainerTrialRunner();
            var (aggregator, coordinator) = SweepActors.Start(system, run, completion, runner);
            registry.Register<AggregatorKey>(aggregator);
            registry.Register<CoordinatorKey>(coordinator);
            SweepShutdown.Register(system, registry, completion);
        });
    }
}
