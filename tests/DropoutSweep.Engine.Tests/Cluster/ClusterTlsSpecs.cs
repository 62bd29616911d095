using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using DropoutSweep.Core.Results;
using Akka.Actor;
using DropoutSweep.Engine.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>
/// Cluster nodes in this process over TLS with mutual authentication (127.0.0.1, ports picked by the OS): nodes that
/// share the cluster's certificate run the sweep; a node with another certificate, or with none, never joins.
/// </summary>
public sealed class ClusterTlsSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Nodes_that_share_the_certificate_run_every_trial_over_TLS()
    {
        var tls = NewCertificate();
        var run = ClusterNodes.Run(ClusterNodes.Plan(dropouts: 2, learningRates: 2), parallelism: 0);
        var coordinator = await ClusterNodes.StartCoordinatorAsync(run, tls);
        var worker = await ClusterNodes.StartWorkerAsync(ClusterNodes.Address(coordinator), parallelism: 1, tls: tls);
        try
        {
            var outcome = await coordinator.Services.GetRequiredService<SweepCompletion>().Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

            Assert.Equal((4, 4), (outcome.Finished, outcome.Completed));
            Assert.All(TrialJournal.Read(run.OutputDirectory).Results, r => Assert.Equal(ClusterNodes.NodeName(worker.Host), r.Node));
            Assert.All(ClusterNodes.Systems(coordinator, worker.Host), s => Assert.Equal(ClusterTransport.TlsProtocol, Akka.Cluster.Cluster.Get(s).SelfAddress.Protocol));
            Assert.Equal(WorkerNodeEnd.SweepFinished, (await worker.Completion.Task.WaitAsync(Patience, TestContext.Current.CancellationToken)).End);
        }
        finally
        {
            await ClusterNodes.StopAsync(worker.Host);
            await ClusterNodes.StopAsync(coordinator);
        }
    }

    [Fact]
    public async Task Worker_nodes_with_another_certificate_or_none_are_refused_and_the_sweep_goes_on_without_them()
    {
        var tls = NewCertificate();
        var run = ClusterNodes.Run(ClusterNodes.Plan(dropouts: 2, learningRates: 2), parallelism: 0);
        var coordinator = await ClusterNodes.StartCoordinatorAsync(run, tls);
        var coordinatorSystem = ClusterNodes.Systems(coordinator).Single();
        var seen = new ConcurrentQueue<string>();
        var pinRefused = Watch(coordinatorSystem, t => t.Contains("Certificate pinning failed", StringComparison.Ordinal), seen);
        var plainRefused = Watch(coordinatorSystem, t => t.Contains("not an SSL/TLS record", StringComparison.Ordinal), seen);
        var address = ClusterNodes.Address(coordinator);
        var stranger = await ClusterNodes.StartWorkerAsync(address, parallelism: 1, rejoinTimeout: TimeSpan.FromSeconds(3), tls: NewCertificate());
        var plain = await ClusterNodes.StartWorkerAsync(address, parallelism: 1, rejoinTimeout: TimeSpan.FromSeconds(3));
        (IHost Host, WorkerNodeCompletion Completion)? member = null;
        try
        {
            // The stranger refuses the coordinator's certificate too, and Akka stops a node whose outbound handshake fails.
            await stranger.Completion.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
            var strangerSystem = ClusterNodes.Systems(stranger.Host).Single();
            await strangerSystem.WhenTerminated.WaitAsync(Patience, TestContext.Current.CancellationToken);
            Assert.Equal("TlsHandshakeFailureReason", CoordinatedShutdown.Get(strangerSystem).ShutdownReason?.GetType().Name);

            // A node without TLS sends plain Akka frames that the coordinator's TLS layer refuses; it gives up at its rejoin timeout.
            Assert.Equal(WorkerNodeEnd.CoordinatorLost, (await plain.Completion.Task.WaitAsync(Patience, TestContext.Current.CancellationToken)).End);
            output.WriteLine(await pinRefused.WaitAsync(Patience, TestContext.Current.CancellationToken));
            output.WriteLine(await plainRefused.WaitAsync(Patience, TestContext.Current.CancellationToken));

            member = await ClusterNodes.StartWorkerAsync(address, parallelism: 1, tls: tls);
            var outcome = await coordinator.Services.GetRequiredService<SweepCompletion>().Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

            Assert.Equal((4, 4), (outcome.Finished, outcome.Completed));
            Assert.All(TrialJournal.Read(run.OutputDirectory).Results, r => Assert.Equal(ClusterNodes.NodeName(member.Value.Host), r.Node));
        }
        finally
        {
            output.WriteLine(string.Join('\n', seen));
            foreach (var host in new[] { member?.Host, stranger.Host, plain.Host, coordinator })
            {
                if (host is not null)
                {
                    await ClusterNodes.StopAsync(host);
                }
            }
        }
    }

    /// <summary>Completes with the text of <paramref name="system"/>'s first warning or error that <paramref name="match"/> accepts; every one lands in <paramref name="seen"/>.</summary>
    private static Task<string> Watch(ActorSystem system, Func<string, bool> match, ConcurrentQueue<string> seen)
    {
        var matched = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = system.ActorOf(Props.Create(() => new LogWatcher(match, matched, seen)));
        system.EventStream.Subscribe(watcher, typeof(Akka.Event.Warning));
        system.EventStream.Subscribe(watcher, typeof(Akka.Event.Error));
        return matched.Task;
    }

    // As a node gets it: made by `dropout-sweep cert`, written as PKCS#12, read back.
    private static ClusterTls NewCertificate() =>
        new(X509CertificateLoader.LoadPkcs12(ClusterCertificate.ExportPkcs12(ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow), "pw"), "pw"));
}
