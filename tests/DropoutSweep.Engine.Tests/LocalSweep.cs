using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DropoutSweep.Engine.Tests;

/// <summary>Runs a sweep the way the executable does: a generic host with <c>AddAkka(...).WithDropoutSweep(run)</c>.</summary>
internal static class LocalSweep
{
    /// <summary>Starts the host, waits for the sweep's outcome (or runs <paramref name="meanwhile"/> and stops the host), stops it.</summary>
    public static async Task<SweepOutcome> RunAsync(SweepRun run, ITrialRunner? runner = null, Func<IHost, Task>? meanwhile = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<SweepCompletion>();
        if (runner is not null)
        {
            builder.Services.AddSingleton(runner);
        }

        builder.Services.AddAkka("dropout-sweep", (akka, _) =>
            akka.AddHocon("akka.actor.serialize-messages = on", HoconAddMode.Prepend).WithDropoutSweep(run));
        using var host = builder.Build();
        await host.StartAsync();
        var completion = host.Services.GetRequiredService<SweepCompletion>();
        if (meanwhile is not null)
        {
            await meanwhile(host);
            await host.StopAsync();
        }

        var outcome = await completion.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();
        return outcome;
    }
}
