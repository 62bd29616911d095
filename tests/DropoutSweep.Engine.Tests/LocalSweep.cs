using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DropoutSweep.Engine.Tests;

/// <summary>
/// A sweep run the way the executable runs it: a generic host with <c>AddSweepActorSystem(...WithDropoutSweep(run))</c>
/// and <c>serialize-messages = on</c>. <see cref="RunAsync"/> runs one to its end; <see cref="StartAsync"/> leaves the
/// host running for a spec to act on, and stops it when disposed.
/// </summary>
internal sealed class LocalSweep : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LocalSweep(IHost host, SweepCompletion completion)
    {
        Host = host;
        Completion = completion;
    }

    public IHost Host { get; }

    public SweepCompletion Completion { get; }

    public ActorSystem System => Host.Services.GetRequiredService<ActorSystem>();

    public IActorRegistry Registry => Host.Services.GetRequiredService<IActorRegistry>();

    /// <summary>Starts the host, waits for the sweep's outcome (or runs <paramref name="meanwhile"/> and stops the host), stops it.</summary>
    public static async Task<SweepOutcome> RunAsync(SweepRun run, ITrialRunner? runner = null, Func<IHost, Task>? meanwhile = null)
    {
        await using var sweep = await StartAsync(run, runner);
        if (meanwhile is not null)
        {
            await meanwhile(sweep.Host);
            await sweep.Host.StopAsync();
        }

        return await sweep.Completion.Task.WaitAsync(Patience);
    }

    /// <summary>Starts the host of <paramref name="run"/> and returns while the sweep runs.</summary>
    public static async Task<LocalSweep> StartAsync(SweepRun run, ITrialRunner? runner = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var completion = new SweepCompletion();
        builder.Services.AddSingleton(completion);
        if (runner is not null)
        {
            builder.Services.AddSingleton(runner);
        }

        builder.Services.AddSweepActorSystem((akka, _) =>
            akka.AddHocon("akka.actor.serialize-messages = on", HoconAddMode.Prepend).WithDropoutSweep(run));
        var host = builder.Build();
        await host.StartAsync();
        return new LocalSweep(host, completion);
    }

    /// <summary>Completes when the aggregator has journaled and counted <paramref name="count"/> trials of this run.</summary>
    public Task Recorded(int count)
    {
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = System.ActorOf(Props.Create(() => new RecordedWatcher(count, recorded)));
        System.EventStream.Subscribe(watcher, typeof(TrialRecorded));
        return recorded.Task;
    }

    public async ValueTask DisposeAsync()
    {
        using (Host)
        {
            await Host.StopAsync();
        }
    }

    private sealed class RecordedWatcher : ReceiveActor
    {
        public RecordedWatcher(int count, TaskCompletionSource recorded) =>
            Receive<TrialRecorded>(r =>
            {
                if (r.Finished >= count)
                {
                    recorded.TrySetResult();
                }
            });
    }
}
