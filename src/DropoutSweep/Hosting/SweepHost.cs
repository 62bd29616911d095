using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using DropoutSweep.Cluster;
using DropoutSweep.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace DropoutSweep.Hosting;

/// <summary>
/// Runs a prepared sweep under the generic host: creates the output folder, starts Serilog and the actor system, waits
/// until the sweep completes or the user interrupts it, stops the host (which flushes a partial report), and returns
/// the exit code. Main returns that code itself: Akka.Hosting may set <see cref="Environment.ExitCode"/> on shutdown.
/// </summary>
internal static class SweepHost
{
    // Long enough for Akka's coordinated shutdown (5 s per phase) to cancel trials and write the partial report.
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(PreparedSweep sweep)
    {
        OutputFiles.Prepare(sweep);
        Log.Logger = SweepLogging.Create(sweep.Configuration.Configuration, sweep.OutputDirectory);
        try
        {
            return await RunHostAsync(sweep);
        }
        catch (Exception ex)
        {
            Log.Fatal(ex, "The sweep stopped on an internal error");
            return ExitCodes.InternalError;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static async Task<int> RunHostAsync(PreparedSweep sweep)
    {
        var run = new SweepRun
        {
            Plan = sweep.Plan,
            Data = sweep.Data,
            OutputDirectory = sweep.OutputDirectory,
            Parallelism = sweep.Parallelism,
            AlreadyDone = sweep.AlreadyDone,
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // Defaults would add appsettings.json from the content root and every environment variable, unprefixed;
            // the configuration is already built, in the documented order.
            DisableDefaults = true,
            Configuration = sweep.Configuration.Configuration,
            ApplicationName = "dropout-sweep",
            ContentRootPath = Environment.CurrentDirectory,
        });
        builder.Services.AddSerilog(dispose: false);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = s_shutdownTimeout);
        builder.Services.AddSingleton<SweepCompletion>();
        builder.Services.AddAkka(AkkaSettings.ActorSystemName, (akka, _) =>
            akka.WithHostSettings(sweep.Configuration.Configuration).WithSweep(run, sweep.Cluster));

        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var interrupts = new InterruptSignals(lifetime);
        SweepConsole.Started(sweep);
        var clock = Stopwatch.StartNew();
        try
        {
            await host.StartAsync();
        }
        catch (OperationCanceledException) when (interrupts.Received)
        {
            // Ctrl+C while the host was still starting: StartAsync gives up on the stopping token.
            return ExitCodes.Interrupted;
        }

        var completion = host.Services.GetRequiredService<SweepCompletion>().Task;
        var stopping = Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping)
            .ContinueWith(_ => { }, TaskScheduler.Default);
        await Task.WhenAny(completion, stopping);
        AkkaSettings.QuietForShutdown(host.Services.GetRequiredService<ActorSystem>());

        // Stopping runs Akka's coordinated shutdown: on an interrupt the engine cancels running trials and writes the
        // partial report before the actors stop.
        await host.StopAsync();
        var outcome = completion.IsCompletedSuccessfully ? completion.Result : null;
        return SweepConsole.Finished(sweep, outcome, interrupts.Received, clock.Elapsed);
    }
}
