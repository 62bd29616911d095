using System.Diagnostics;
using Akka.Actor;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>
/// One sweep across several cluster nodes in this process (127.0.0.1, ports picked by the OS): the coordinator as a
/// singleton that worker nodes pull from with the local protocol, death watch of a lost node, and the end of the sweep.
/// </summary>
public sealed class ClusterSweepSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_coordinator_only_node_and_two_worker_nodes_run_every_trial_once_with_the_metrics_of_training_it_directly()
    {
        var plan = ClusterNodes.Plan(dropouts: 3, learningRates: 2);
        var run = ClusterNodes.Run(plan, parallelism: 0);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runners = new[] { new GatedTrialRunner(gate.Task), new GatedTrialRunner(gate.Task) };
        var coordinator = await ClusterNodes.StartCoordinatorAsync(run);
        var address = ClusterNodes.Address(coordinator);
        var one = await ClusterNodes.StartWorkerAsync(address, parallelism: 1, runners[0]);
        var two = await ClusterNodes.StartWorkerAsync(address, parallelism: 1, runners[1]);
        try
        {
            // Each node holds one trial before any trains, so both nodes surely run some.
            await Task.WhenAll(runners.Select(r => r.Started)).WaitAsync(Patience, TestContext.Current.CancellationToken);
            gate.SetResult();

            var outcome = await coordinator.Services.GetRequiredService<SweepCompletion>().Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
            Assert.True(outcome.Complete);
            Assert.Equal((6, 6), (outcome.Finished, outcome.Completed));

            var results = TrialJournal.Read(run.OutputDirectory).Results;
            Assert.Equal(Enumerable.Range(1, 6), results.Select(r => r.TrialId).Order());
            Assert.Equal(6, File.ReadAllLines(Path.Combine(run.OutputDirectory, "trials.jsonl")).Length);
            var workerNodes = new[] { ClusterNodes.NodeName(one.Host), ClusterNodes.NodeName(two.Host) };
            Assert.Equal(workerNodes.Order(), results.Select(r => r.Node).Distinct().Order());

            // The metrics of training each trial directly, without actors or a wire in between.
            var expected = plan.Trials.ToDictionary(t => t.TrialId, t => new TrainerTrialRunner().Run(run.Data, t, TrainingSegment.Whole, CancellationToken.None, _ => { }, 0));
            Assert.All(results, r => Assert.Equal(Metrics(expected[r.TrialId]), Metrics(r)));
            Assert.All(ClusterNodes.Systems(coordinator, one.Host, two.Host), s =>
            {
                Assert.IsType<SweepMessageSerializer>(s.Serialization.FindSerializerForType(typeof(RunTrial)));
                // Losing worker nodes never downs the coordinator: the majority is counted over the coordinator role.
                Assert.Equal("keep-majority", s.Settings.Config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
                Assert.Equal(ClusterRoles.Coordinator, s.Settings.Config.GetString("akka.cluster.split-brain-resolver.keep-majority.role"));
            });

            // The coordinator tells the worker nodes that the sweep is over: they leave and exit 0.
            var ends = await Task.WhenAll(one.Completion.Task, two.Completion.Task).WaitAsync(Patience, TestContext.Current.CancellationToken);
            Assert.All(ends, end => Assert.Equal(WorkerNodeEnd.SweepFinished, end.End));
        }
        finally
        {
            await Task.WhenAll(ClusterNodes.StopAsync(one.Host), ClusterNodes.StopAsync(two.Host));
            await ClusterNodes.StopAsync(coordinator);
        }
    }

    [Fact]
    public async Task The_trial_of_a_worker_node_that_dies_goes_back_to_the_queue_and_every_trial_is_recorded_once()
    {
        var plan = ClusterNodes.Plan(dropouts: 2, learningRates: 2);
        var run = ClusterNodes.Run(plan, parallelism: 0);
        var coordinator = await ClusterNodes.StartCoordinatorAsync(run);
        var requeued = ClusterNodes.Requeued(coordinator.Services.GetRequiredService<ActorSystem>());
        var address = ClusterNodes.Address(coordinator);

        // The victim holds its first trial; it dies without leaving the cluster (no coordinated shutdown: like kill -9).
        var holding = new HoldingTrialRunner();
        var victim = await ClusterNodes.StartWorkerAsync(address, parallelism: 1, holding, extraHocon: "akka.coordinated-shutdown.run-by-actor-system-terminate = off");
        var heldTrial = await holding.Holding.WaitAsync(Patience, TestContext.Current.CancellationToken);
        var victimName = ClusterNodes.NodeName(victim.Host);
        var survivor = await ClusterNodes.StartWorkerAsync(address, parallelism: 1);
        try
        {
            var clock = Stopwatch.StartNew();
            await victim.Host.Services.GetRequiredService<ActorSystem>().Terminate();

            var warning = await requeued.WaitAsync(Patience, TestContext.Current.CancellationToken);
            output.WriteLine($"{warning} — {clock.Elapsed.TotalSeconds:F1} s after the node died (heartbeat pause 2 s, stable-after 2 s)");
            Assert.Contains($"trial {heldTrial}", warning, StringComparison.Ordinal);

            var outcome = await coordinator.Services.GetRequiredService<SweepCompletion>().Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
            Assert.Equal((4, 4), (outcome.Finished, outcome.Completed));
            var results = TrialJournal.Read(run.OutputDirectory).Results;
            Assert.Equal(4, File.ReadAllLines(Path.Combine(run.OutputDirectory, "trials.jsonl")).Length);
            Assert.Equal(Enumerable.Range(1, 4), results.Select(r => r.TrialId).Order());
            Assert.DoesNotContain(results, r => r.Node == victimName);
            Assert.Equal(ClusterNodes.NodeName(survivor.Host), results.Single(r => r.TrialId == heldTrial).Node);
        }
        finally
        {
            await Task.WhenAll(ClusterNodes.StopAsync(victim.Host), ClusterNodes.StopAsync(survivor.Host));
            await ClusterNodes.StopAsync(coordinator);
        }
    }

    [Fact]
    public async Task A_fault_in_the_coordinator_singletons_queue_ends_the_coordinator_node_with_the_error_and_a_partial_report()
    {
        var run = ClusterNodes.Run(ClusterNodes.Plan(dropouts: 2, learningRates: 1), parallelism: 0);
        var coordinator = await ClusterNodes.StartCoordinatorAsync(run);
        try
        {
            // Through the singleton's proxy to the queue, which cannot handle a result message without its result.
            var registry = coordinator.Services.GetRequiredService<Akka.Hosting.IActorRegistry>();
            var proxy = await registry.GetAsync<CoordinatorKey>(TestContext.Current.CancellationToken);
            proxy.Tell(new TrialFinished(null!));

            var outcome = await coordinator.Services.GetRequiredService<SweepCompletion>().Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
            Assert.Equal("the queue actor failed: NullReferenceException: Object reference not set to an instance of an object.", outcome.Error);
            Assert.Equal((false, 0), (outcome.Complete, outcome.Finished));
            Assert.Contains("INCOMPLETE", await File.ReadAllTextAsync(Path.Combine(run.OutputDirectory, "report.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            await ClusterNodes.StopAsync(coordinator);
        }
    }

    private static (double, double, double, double, double, int, int) Metrics(TrialResult r) =>
        (r.ValidationAccuracy, r.ValidationLoss, r.TrainAccuracy, r.TrainLoss, r.BestValidationAccuracy, r.BestEpoch, r.EpochsRun);

    private static (double, double, double, double, double, int, int) Metrics(TrainingResult r) =>
        (r.ValidationAccuracy, r.ValidationLoss, r.TrainAccuracy, r.TrainLoss, r.BestValidationAccuracy, r.BestEpoch, r.EpochsRun);
}
