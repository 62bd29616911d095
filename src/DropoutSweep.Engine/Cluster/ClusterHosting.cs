using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using DropoutSweep.Engine.Actors;

namespace DropoutSweep.Engine.Cluster;

/// <summary>
/// Akka.Hosting wiring of a sweep across several machines (issue 5): <c>akka.WithClusterCoordinator(run, node)</c> on
/// the machine that owns the sweep, <c>akka.WithClusterWorkers(...)</c> on the others, each inside
/// <see cref="SweepActorSystem.AddSweepActorSystem"/> (one actor-system name on every node). How a node talks to the
/// others (Akka.Remote: addresses, and later transport security) is set in one place, <see cref="ClusterRemoting"/>.
/// </summary>
public static class ClusterHosting
{
    /// <summary>
    /// The coordinator node (role <c>coordinator</c>, and the cluster's seed: it joins itself): the aggregator and journal
    /// as in a local run, the coordinator as a cluster singleton (<see cref="ClusterCoordinatorActor"/>) with
    /// <see cref="SweepRun.Parallelism"/> local workers (0 for <c>--coordinator-only</c>), registered as
    /// <see cref="CoordinatorKey"/> (its proxy) and <see cref="AggregatorKey"/>; shutdown cancels running trials and
    /// writes a partial report as in a local run. Needs a <see cref="SweepCompletion"/> singleton in DI; an
    /// <see cref="ITrialRunner"/> is optional.
    /// </summary>
    public static AkkaConfigurationBuilder WithClusterCoordinator(this AkkaConfigurationBuilder akka, SweepRun run, ClusterNodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentOutOfRangeException.ThrowIfNegative(run.Parallelism, "SweepRun.Parallelism");
        var publicHost = PublicHost(node, towards: null);
        var joined = new SweepJoined(run.Plan.Options.Name, run.Plan.Options.Dataset, run.Data.ContentHash, DatasetDigest.Of(run.Data), run.ProgressEvery, run.ProgressInterval);
        return akka
            .WithNode(node, publicHost, ClusterRoles.Coordinator, seedNodes: [])
            .WithActors((system, registry, resolver) =>
            {
                // Before the singleton: its props need the aggregator (Akka.Hosting starts WithActors in order).
                var completion = resolver.GetService<SweepCompletion>()
                    ?? throw new InvalidOperationException("Register a SweepCompletion singleton in DI before WithClusterCoordinator: the host awaits it.");
                registry.Register<AggregatorKey>(SweepActors.StartAggregator(system, run, completion));
                SweepShutdown.Register(system, registry, completion);
            })
            .WithSingleton<CoordinatorKey>(
                "coordinator",
                (system, registry, resolver) =>
                {
                    var runner = resolver.GetService<ITrialRunner>() ?? new TrainerTrialRunner();
                    return ClusterCoordinatorActor.Props(
                        run.Schedule(), run.Plan.Trials.Count, joined, registry.Get<AggregatorKey>(), SweepActors.CoordinatorSettingsFor(run, runner));
                },
                new ClusterSingletonOptions { Role = ClusterRoles.Coordinator })
            .AddStartup((system, _) =>
            {
                // The seed of the cluster is this node: no seed list to agree on, and a port of 0 works (tests).
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
    }

    /// <summary>
    /// A worker node (role <c>worker</c>) that joins the coordinator at <paramref name="seedHost"/>:<paramref name="seedPort"/>
    /// and runs <see cref="WorkerNodeSettings.Parallelism"/> workers pulling trials through the coordinator's singleton
    /// proxy (<see cref="CoordinatorKey"/>). Needs a <see cref="WorkerNodeCompletion"/> singleton in DI: it reports how
    /// the node ended. An <see cref="ITrialRunner"/> is optional.
    /// </summary>
    public static AkkaConfigurationBuilder WithClusterWorkers(this AkkaConfigurationBuilder akka, string seedHost, int seedPort, ClusterNodeOptions node, WorkerNodeSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(seedHost);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Parallelism, 1, "WorkerNodeSettings.Parallelism");
        return akka
            .WithNode(node, PublicHost(node, towards: (seedHost, seedPort)), ClusterRoles.Worker, [ClusterAddress.SeedNode(seedHost, seedPort, tls: node.Tls is not null)])
            .WithSingletonProxy<CoordinatorKey>("coordinator", new ClusterSingletonOptions { Role = ClusterRoles.Coordinator })
            .WithActors((system, registry, resolver) =>
            {
                var completion = resolver.GetService<WorkerNodeCompletion>()
                    ?? throw new InvalidOperationException("Register a WorkerNodeCompletion singleton in DI before WithClusterWorkers: the command awaits it.");
                var runner = resolver.GetService<ITrialRunner>() ?? new TrainerTrialRunner();
                var node = system.ActorOf(WorkerNodeActor.Props(registry.Get<CoordinatorKey>(), settings, runner, completion), "node");
                Action<string> fail = error => completion.TryComplete(new WorkerNodeOutcome(WorkerNodeEnd.Failed, error));
                SweepActors.StartFailureWatch(system, node, fail);
            });
    }

    /// <summary>
    /// The address other nodes reach this one at: <see cref="ClusterNodeOptions.PublicHost"/>, else the listen host, else
    /// (listening on all interfaces) the local address of the route towards the coordinator, else the machine's name.
    /// </summary>
    public static string PublicHost(ClusterNodeOptions node, (string Host, int Port)? towards)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!string.IsNullOrWhiteSpace(node.PublicHost))
        {
            return node.PublicHost;
        }

        if (!ClusterAddress.IsUnspecified(node.ListenHost))
        {
            return node.ListenHost;
        }

        return towards is { } seed ? LocalAddressTowards(seed.Host, seed.Port) : Dns.GetHostName();
    }

    /// <summary>Remoting (<see cref="ClusterRemoting"/>), clustering with our roles, the split brain resolver and the failure-detector timings.</summary>
    private static AkkaConfigurationBuilder WithNode(this AkkaConfigurationBuilder akka, ClusterNodeOptions node, string publicHost, string role, string[] seedNodes) =>
        akka
            .WithClusterRemoting(node, publicHost)
            .WithClustering(new ClusterOptions { Roles = [role], SeedNodes = seedNodes })
            .AddHocon(ClusterHocon(node), HoconAddMode.Prepend)
            .AddStartup((system, _) =>
                // Remoting announces its shutdown at Info after the Serilog logger is gone, on Akka's own stdout logger.
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseClusterShutdown, "quiet-remoting-shutdown", () =>
                {
                    system.EventStream.SetLogLevel(LogLevel.WarningLevel);
                    return Task.FromResult(Done.Instance);
                }));

    /// <summary>
    /// Keep-majority counted over the <c>coordinator</c> role only (AKKA.md §5.1 pitfall 11): the side that holds the
    /// coordinator always survives, however many worker nodes are lost; worker nodes cut off from it down themselves and
    /// rejoin as fresh nodes; and never "down all when unstable", which would take the coordinator down with flapping
    /// worker nodes. The failure detector and <c>stable-after</c> are short so that a dead node's trials are
    /// re-queued within seconds (defaults: 3 s pause + 5 s stable; a few seconds more for gossip and removal).
    /// </summary>
    private static string ClusterHocon(ClusterNodeOptions node) => string.Create(CultureInfo.InvariantCulture, $$"""
        akka.cluster {
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver {
            active-strategy = keep-majority
            stable-after = {{(long)node.StableAfter.TotalMilliseconds}}ms
            keep-majority.role = "{{ClusterRoles.Coordinator}}"
            # on (the default) would down every node, the coordinator too, when worker nodes keep flapping
            down-all-when-unstable = off
          }
          failure-detector {
            heartbeat-interval = 1s
            acceptable-heartbeat-pause = {{(long)node.HeartbeatPause.TotalMilliseconds}}ms
          }
          retry-unsuccessful-join-after = 2s
          seed-node-timeout = 2s
        }
        """);

    /// <summary>The local IP address this machine would use to reach <paramref name="host"/> (a UDP "connect" sends nothing).</summary>
    private static string LocalAddressTowards(string host, int port)
    {
        var target = IPAddress.TryParse(host, out var address) ? address : Dns.GetHostAddresses(host).First();
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(target, port));
        return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
    }
}
