using Akka.Actor;
using Akka.Hosting;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>
/// Several cluster nodes in one process (AKKA.md §5.3): each an <see cref="IHost"/> with its own ActorSystem named
/// <c>dropout-sweep</c> on 127.0.0.1, every port picked by the OS (the coordinator joins itself, so no port is fixed),
/// with short failure-detector and split-brain timings and <c>serialize-messages = on</c>.
/// </summary>
internal static class ClusterNodes
{
    /// <summary>Loopback, ephemeral port, timings short enough for specs (a lost node is downed after about 4 s).</summary>
    public static ClusterNodeOptions Loopback { get; } = new()
    {
        ListenHost = "127.0.0.1",
        ListenPort = 0,
        HeartbeatPause = TimeSpan.FromSeconds(2),
        StableAfter = TimeSpan.FromSeconds(2),
    };

    /// <summary>A small spiral, 30 points per class, half held out.</summary>
    public static DatasetOptions Spiral { get; } = new() { Kind = DatasetKind.Spiral, Samples = 30, Classes = 3, ValidationFraction = 0.5, Seed = 3 };

    /// <summary>A real plan (PlanBuilder) over dropout × learning rate on <paramref name="dataset"/>.</summary>
    public static SweepPlan Plan(int dropouts, int learningRates, DatasetOptions? dataset = null, int epochs = 20)
    {
        var options = new SweepOptions
        {
            Name = "cluster-spec",
            Seed = 11,
            Dataset = dataset ?? Spiral,
            Training = new TrainingOptions { Hidden = [8], Epochs = epochs, LearningRate = 0.05, Decay = 0, L2 = 0, EvaluateEvery = 5 },
            Space =
            [
                // Zeros on purpose: the defaults of DropoutRate and L2 are not zero, and must not replace them on the wire.
                new SweptParameter("DropoutRate", new ParameterRange { Values = Enumerable.Range(0, dropouts).Select(i => 0.1 * i).ToList() }),
                new SweptParameter("LearningRate", new ParameterRange { Values = Enumerable.Range(1, learningRates).Select(i => 0.02 * i).ToList() }),
            ],
        };
        return PlanBuilder.Build(options);
    }

    /// <summary>A run of <paramref name="plan"/> on its own data set into a fresh temporary folder.</summary>
    public static SweepRun Run(SweepPlan plan, int parallelism, Dataset? data = null) => new()
    {
        Plan = plan,
        Data = data ?? DatasetLoader.Load(plan.Options.Dataset),
        OutputDirectory = TemporaryFolders.Create("cluster-sweep-"),
        Parallelism = parallelism,
        ProgressEvery = 5,
    };

    /// <summary>Starts the coordinator node of <paramref name="run"/>, over TLS with <paramref name="tls"/>; its address is <see cref="Address"/>.</summary>
    public static async Task<IHost> StartCoordinatorAsync(SweepRun run, ClusterTls? tls = null)
    {
        var host = Build(services => services.AddSingleton<SweepCompletion>(), akka => akka.WithClusterCoordinator(run, Loopback with { Tls = tls }));
        await host.StartAsync();
        return host;
    }

    /// <summary>Starts a worker node that joins <paramref name="coordinator"/>, over TLS with <paramref name="tls"/>.</summary>
    public static async Task<(IHost Host, WorkerNodeCompletion Completion)> StartWorkerAsync(
        Address coordinator, int parallelism, ITrialRunner? runner = null, TimeSpan? rejoinTimeout = null, string extraHocon = "", ClusterTls? tls = null)
    {
        var completion = new WorkerNodeCompletion(DateTimeOffset.UtcNow);
        var settings = new WorkerNodeSettings { Parallelism = parallelism, RejoinTimeout = rejoinTimeout ?? TimeSpan.FromMinutes(1), JoinRetry = TimeSpan.FromMilliseconds(500) };
        var host = Build(
            services =>
            {
                services.AddSingleton(completion);
                if (runner is not null)
                {
                    services.AddSingleton(runner);
                }
            },
            akka => akka.AddHocon(extraHocon.Length > 0 ? extraHocon : "akka {}", HoconAddMode.Prepend).WithClusterWorkers(coordinator.Host!, coordinator.Port!.Value, Loopback with { Tls = tls }, settings));
        await host.StartAsync();
        return (host, completion);
    }

    /// <summary>The node's own cluster address.</summary>
    public static Address Address(IHost host) => Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>()).SelfAddress;

    /// <summary>The nodes' actor systems.</summary>
    public static IEnumerable<ActorSystem> Systems(params IHost[] hosts) => hosts.Select(h => h.Services.GetRequiredService<ActorSystem>());

    /// <summary>The node name its results record (<c>127.0.0.1:port</c>).</summary>
    public static string NodeName(IHost host) => $"{Address(host).Host}:{Address(host).Port}";

    /// <summary>Completes with the text of <paramref name="system"/>'s first "Re-queueing trial" warning.</summary>
    public static Task<string> Requeued(ActorSystem system)
    {
        var requeued = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = system.ActorOf(Props.Create(() => new RequeueWatcher(requeued)));
        system.EventStream.Subscribe(watcher, typeof(Akka.Event.Warning));
        return requeued.Task;
    }

    /// <summary>Stops a node, if it still runs, and disposes it.</summary>
    public static async Task StopAsync(IHost host)
    {
        using (host)
        {
            await host.StopAsync(TimeSpan.FromSeconds(15));
        }
    }

    private static IHost Build(Action<IServiceCollection> services, Action<AkkaConfigurationBuilder> akka)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        services(builder.Services);
        builder.Services.AddSweepActorSystem((configuration, _) =>
        {
            configuration.AddHocon("akka.actor.serialize-messages = on", HoconAddMode.Prepend);
            akka(configuration);
        });
        return builder.Build();
    }
}
