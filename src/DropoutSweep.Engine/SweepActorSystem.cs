using Akka.Hosting;
using DropoutSweep.Engine.Actors;
using Microsoft.Extensions.DependencyInjection;

namespace DropoutSweep.Engine;

/// <summary>
/// The actor system every dropout-sweep node runs, declared once: its name (cluster nodes of one sweep must share it),
/// the settings every node starts with, and the serializer of the sweep's messages. A node's role is added on top:
/// <c>services.AddSweepActorSystem((akka, _) => akka.WithDropoutSweep(run))</c>, or <c>WithClusterCoordinator</c>,
/// <c>WithClusterWorkers</c>.
/// </summary>
public static class SweepActorSystem
{
    /// <summary>The ActorSystem's name on every node; seed addresses are <c>akka.tcp://dropout-sweep@HOST:PORT</c>.</summary>
    public const string Name = "dropout-sweep";

    /// <summary>
    /// What every node's actor system starts with. The host, not Akka, handles Ctrl+C and SIGTERM (AKKA.md §4.1: otherwise
    /// both race on the signal); Akka's own stdout logger (used while the real logger starts and stops) stays quiet unless
    /// something is wrong; and a top-level actor that throws is stopped and reported instead of restarted with its state
    /// lost (<see cref="FailFastGuardian"/>): the node then ends with the error, and a rerun resumes from the journal.
    /// </summary>
    public static string Hocon { get; } = $"""
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.stdout-loglevel = WARNING
        akka.actor.guardian-supervisor-strategy = "{typeof(FailFastGuardian).FullName}, {typeof(FailFastGuardian).Assembly.GetName().Name}"
        """;

    /// <summary>
    /// Adds the node's actor system to the host: <see cref="Name"/>, <see cref="Hocon"/> and the sweep's serializer, then
    /// <paramref name="role"/> (the node's own wiring, and anything the host adds, such as its loggers).
    /// </summary>
    public static IServiceCollection AddSweepActorSystem(this IServiceCollection services, Action<AkkaConfigurationBuilder, IServiceProvider> role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return services.AddAkka(Name, (akka, provider) => role(akka.WithSweepActorSystemSettings(), provider));
    }

    /// <summary>
    /// <see cref="Hocon"/> and the serializer alone, for a host whose <c>AddAkka</c> is not ours to call (Akka.Hosting.TestKit
    /// names its own system); everything else goes through <see cref="AddSweepActorSystem"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithSweepActorSystemSettings(this AkkaConfigurationBuilder akka) =>
        akka.AddHocon(Hocon, HoconAddMode.Prepend).WithSweepSerializer();
}
