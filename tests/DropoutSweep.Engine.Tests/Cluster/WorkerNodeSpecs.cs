using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DropoutSweep.Core.Data;
using DropoutSweep.Engine.Cluster;
using Xunit;

namespace DropoutSweep.Engine.Tests.Cluster;

/// <summary>How a worker node ends: the data check, a coordinator that never comes, one that leaves, a sweep already done.</summary>
public sealed class WorkerNodeSpecs
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_worker_node_whose_CSV_differs_from_the_coordinators_refuses_to_train_and_names_the_file()
    {
        var csv = Path.Combine(TemporaryFolders.Create("csv-"), "data.csv");
        await File.WriteAllLinesAsync(csv, Csv(shift: 0), TestContext.Current.CancellationToken);
        var dataset = new DatasetOptions { Kind = DatasetKind.Csv, Path = csv, Label = "label", ValidationFraction = 0.25, Seed = 1 };
        var run = ClusterNodes.Run(ClusterNodes.Plan(dropouts: 1, learningRates: 2, dataset), parallelism: 0);

        // The coordinator read the file; the worker node's machine has another file at the same path.
        await File.WriteAllLinesAsync(csv, Csv(shift: 1), TestContext.Current.CancellationToken);

        var end = await RunWorkerAgainstAsync(run);

        Assert.Equal(WorkerNodeEnd.DataMismatch, end.End);
        Assert.Contains($"Dataset.Path '{csv}' differs on this node", end.Message, StringComparison.Ordinal);
        Assert.Contains(run.Data.ContentHash, end.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_node_that_generates_other_numbers_from_the_same_spiral_settings_refuses_to_train()
    {
        var plan = ClusterNodes.Plan(dropouts: 1, learningRates: 2);
        var real = DatasetLoader.Load(plan.Options.Dataset);
        var trainX = (float[])real.TrainX.Clone();
        trainX[0] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(trainX[0]) + 1); // one ulp: another maths library
        var coordinatorData = new Dataset(real.Name, real.Features, real.Classes, trainX, real.TrainY, real.ValidationX, real.ValidationY, real.ContentHash);

        var end = await RunWorkerAgainstAsync(ClusterNodes.Run(plan, parallelism: 0, coordinatorData));

        Assert.Equal(WorkerNodeEnd.DataMismatch, end.End);
        Assert.Contains("gives other numbers on this node", end.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_node_without_a_coordinator_gives_up_after_the_rejoin_timeout()
    {
        // A port held open for the whole spec that accepts connections but never speaks Akka: no coordinator there, and
        // no other process can take the port meanwhile (as one could a port probed and released).
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var nobody = new Akka.Actor.Address("akka.tcp", SweepActorSystem.Name, "127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port);
        var (host, completion) = await ClusterNodes.StartWorkerAsync(nobody, parallelism: 1, rejoinTimeout: TimeSpan.FromSeconds(2));
        try
        {
            var end = await completion.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

            Assert.Equal(WorkerNodeEnd.CoordinatorLost, end.End);
            Assert.Contains("rejoin timeout of 00:00:02", end.Message, StringComparison.Ordinal);
        }
        finally
        {
            await ClusterNodes.StopAsync(host);
        }
    }

    [Fact]
    public async Task A_worker_node_whose_coordinator_leaves_before_the_sweep_is_done_reports_that_it_must_rejoin()
    {
        var run = ClusterNodes.Run(ClusterNodes.Plan(dropouts: 1, learningRates: 2), parallelism: 0);
        var coordinator = await ClusterNodes.StartCoordinatorAsync(run);
        var holding = new HoldingTrialRunner();
        var (worker, completion) = await ClusterNodes.StartWorkerAsync(ClusterNodes.Address(coordinator), parallelism: 1, holding);
        try
        {
            await holding.Holding.WaitAsync(Patience, TestContext.Current.CancellationToken);
            await ClusterNodes.StopAsync(coordinator); // e.g. Ctrl+C on the coordinator: a partial report, resumed later

            var end = await completion.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

            Assert.Equal(WorkerNodeEnd.Disconnected, end.End);
            Assert.NotNull(completion.LostSince);
        }
        finally
        {
            await ClusterNodes.StopAsync(worker);
        }
    }

    [Fact]
    public async Task A_worker_node_that_joins_a_sweep_already_done_is_told_at_once()
    {
        var plan = ClusterNodes.Plan(dropouts: 1, learningRates: 2);
        var done = plan.Trials.Select(t => TestSweeps.Completed(t, 0.5)).ToList();
        var run = ClusterNodes.Run(plan, parallelism: 0) with { AlreadyDone = done };

        var end = await RunWorkerAgainstAsync(run);

        Assert.Equal(WorkerNodeEnd.SweepFinished, end.End);
    }

    [Fact]
    public async Task A_fault_in_the_worker_nodes_own_actor_ends_the_node_as_failed_instead_of_leaving_it_idle()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var nobody = new Akka.Actor.Address("akka.tcp", SweepActorSystem.Name, "127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port);
        var (host, completion) = await ClusterNodes.StartWorkerAsync(nobody, parallelism: 1);
        try
        {
            // A join answer without its data settings: the node actor cannot handle it and throws.
            var system = ClusterNodes.Systems(host).Single();
            system.ActorSelection("/user/node").Tell(new SweepJoined("spec", null!, "hash", "digest", 5));

            var end = await completion.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

            Assert.Equal(WorkerNodeEnd.Failed, end.End);
            Assert.Equal("the node actor failed: NullReferenceException: Object reference not set to an instance of an object.", end.Message);
        }
        finally
        {
            await ClusterNodes.StopAsync(host);
        }
    }

    /// <summary>Starts a coordinator for <paramref name="run"/> and one worker node; returns how the worker node ended.</summary>
    private static async Task<WorkerNodeOutcome> RunWorkerAgainstAsync(SweepRun run)
    {
        var coordinator = await ClusterNodes.StartCoordinatorAsync(run);
        var (worker, completion) = await ClusterNodes.StartWorkerAsync(ClusterNodes.Address(coordinator), parallelism: 1);
        try
        {
            return await completion.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        }
        finally
        {
            await ClusterNodes.StopAsync(worker);
            await ClusterNodes.StopAsync(coordinator);
        }
    }

    // Three well-separated classes, 8 rows each; `shift` moves one value (another file with the same shape).
    private static IEnumerable<string> Csv(int shift) =>
        new[] { "x1,x2,label" }.Concat(Enumerable.Range(0, 24).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{(i % 3 * 10) + (i / 3 * 0.1) + (i == 0 ? shift : 0)},{i % 3 * -5},{i % 3}")));
}
