using Akka.Actor;
using Akka.Hosting;
using DropoutSweep.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace DropoutSweep.Hosting;

/// <summary>
/// The one generic host of every command that runs an actor system (<c>run</c>, <c>worker</c>): <see cref="Build"/> and
/// <see cref="RunAsync{T}"/>. Built on the configuration the command loaded (no host defaults: no second appsettings.json,
/// no unprefixed environment), with Serilog, a quiet console lifetime, a shutdown timeout long enough for Akka's coordinated
/// shutdown, and the node's actor system (<see cref="SweepActorSystem"/>: one name, one HOCON) with the <c>Akka</c>
/// section's settings (<see cref="AkkaSettings"/>) and the command's role. A new command that runs actors needs only its
/// DI singletons, its role (an <c>AkkaConfigurationBuilder</c> extension of the engine) and the task that says it is done.
/// </summary>
internal static class NodeHost
{
    // Long enough for Akka's coordinated shutdown (5 s per phase) to cancel trials and write the partial report.
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(15);

    // An actor system that stops by itself (a worker node downed by the cluster) reports why a moment before.
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(2);

    /// <summary>The host of one node: <paramref name="services"/> adds the command's DI singletons, <paramref name="role"/> its actors.</summary>
    public static IHost Build(IConfiguration configuration, Action<IServiceCollection> services, Action<AkkaConfigurationBuilder, IServiceProvider> role)
    {
        // A host owns the configuration it is built on: each gets its own layer over the loaded one (a worker node builds
        // a host per incarnation).
        var layers = new ConfigurationManager();
        layers.AddConfiguration(configuration);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Configuration = layers,
            ApplicationName = SweepActorSystem.Name,
            ContentRootPath = Environment.CurrentDirectory,
        });
        builder.Services.AddSerilog(dispose: false);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = s_shutdownTimeout);
        services(builder.Services);
        builder.Services.AddSweepActorSystem((akka, provider) => role(akka.WithHostSettings(configuration), provider));
        return builder.Build();
    }

    /// <summary>
    /// Starts <paramref name="host"/>, waits until <paramref name="outcome"/> completes or the host is stopped (a signal,
    /// or its actor system stopping by itself), stops it (Akka's coordinated shutdown runs the node's shutdown tasks) and
    /// returns the outcome; null when there is none.
    /// </summary>
    public static async Task<T?> RunAsync<T>(IHost host, Task<T> outcome, InterruptSignals interrupts)
        where T : class
    {
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        interrupts.Attach(lifetime);
        try
        {
            await host.StartAsync();
        }
        catch (OperationCanceledException) when (interrupts.Received)
        {
            // Ctrl+C while the host was still starting: StartAsync gives up on the stopping token.
            return null;
        }

        var stopping = Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default);
        await Task.WhenAny(outcome, stopping);
        if (!outcome.IsCompleted && !interrupts.Received)
        {
            await Task.WhenAny(outcome, Task.Delay(s_settle));
        }

        AkkaSettings.QuietForShutdown(host.Services.GetRequiredService<ActorSystem>());
        await host.StopAsync();
        return outcome.IsCompletedSuccessfully ? outcome.Result : null;
    }
}
