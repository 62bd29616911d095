using DropoutSweep.Core.Data;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>Successive halving on a cluster: paused trials travel between nodes with their checkpoints, and nothing changes.</summary>
public sealed class ClusterSchedulerSpecs
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_coordinator_and_two_worker_nodes_take_the_decisions_and_give_the_results_of_one_local_worker()
    {
        // Two hidden layers of 128: each checkpoint is about 276 KB as JSON, above Akka's default frame of 128,000 bytes.
        var plan = SchedulerSpecs.Plan(hidden: [128, 128], dataset: ClusterNodes.Spiral);
        var data = DatasetLoader.Load(plan.Options.Dataset);
        var local = ClusterNodes.Run(plan, parallelism: 1, data);
        await LocalSweep.RunAsync(local);

        var run = ClusterNodes.Run(plan, parallelism: 0, data);
        var coordinator = await ClusterNodes.StartCoordinatorAsync(run);
        var address = ClusterNodes.Address(coordinator);
        var one = await ClusterNodes.StartWorkerAsync(address, parallelism: 1);
        var two = await ClusterNodes.StartWorkerAsync(address, parallelism: 1);
        try
        {
            var outcome = await coordinator.Services.GetRequiredService<SweepCompletion>().Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

            Assert.True(outcome.Complete);
            Assert.Equal((18, 2, 16), (outcome.Finished, outcome.Completed, outcome.Pruned));
            var results = TrialJournal.Read(run.OutputDirectory).Results;
            Assert.Subset(new HashSet<string> { ClusterNodes.NodeName(one.Host), ClusterNodes.NodeName(two.Host) }, results.Select(r => r.Node).ToHashSet());
            Assert.Equal(SchedulerSpecs.Comparable(TrialJournal.Read(local.OutputDirectory).Results), SchedulerSpecs.Comparable(results));
            Assert.Equal(SchedulerSpecs.Comparable(RungJournal.Read(local.OutputDirectory)), SchedulerSpecs.Comparable(RungJournal.Read(run.OutputDirectory)));
        }
        finally
        {
            await ClusterNodes.StopAsync(one.Host);
            await ClusterNodes.StopAsync(two.Host);
            await ClusterNodes.StopAsync(coordinator);
        }
    }
}
