using DropoutSweep.Engine.Cluster;
using DropoutSweep.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace DropoutSweep.Cluster;

/// <summary>
/// The <c>worker</c> command: joins the coordinator and trains what it hands out until it says the sweep is finished
/// (exit 0). A node that loses the coordinator is downed or left behind by the cluster and cannot rejoin as it is, so
/// this starts a fresh node (a new ActorSystem) that joins again, for up to <c>Cluster:RejoinTimeout</c> counted from
/// the loss; then it exits 1. Data that differ from the coordinator's exit 2; Ctrl+C or SIGTERM exit 130.
/// </summary>
internal static class WorkerHost
{
    // A node that is removed at once (e.g. the coordinator refuses it) must not spin.
    private static readonly TimeSpan s_rejoinPause = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(WorkerArguments arguments)
    {
        var problems = new List<string>();
        var configuration = WorkerConfiguration.Load(arguments, problems);
        if (configuration is null)
        {
            return Problems.Report(problems);
        }

        problems.AddRange(AkkaSettings.Problems(configuration));
        var cluster = ClusterSection.Read(configuration, problems);
        if (problems.Count == 0 && cluster.Join is null)
        {
            problems.Add($"worker: --join HOST:PORT ({ClusterSection.Name}:Join) is required: the address of the coordinator started with `run --listen`.");
        }

        ClusterExposure.CheckWorker(configuration, cluster, problems);

        if (problems.Count > 0)
        {
            return Problems.Report(problems);
        }

        Log.Logger = WorkerConfiguration.Logger(configuration);
        try
        {
            return await RunNodesAsync(configuration, cluster, arguments.Parallelism ?? Environment.ProcessorCount);
        }
        catch (Exception ex)
        {
            Log.Fatal(ex, "The worker node stopped on an internal error");
            return ExitCodes.InternalError;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static async Task<int> RunNodesAsync(IConfiguration configuration, ClusterSection cluster, int parallelism)
    {
        var join = cluster.Join!.Value;
        var node = cluster.NodeOptions(ClusterExposure.DefaultWorkerListen(join));
        var settings = new WorkerNodeSettings { Parallelism = parallelism, RejoinTimeout = cluster.RejoinTimeout };
        using var interrupts = new InterruptSignals(stopping: "running trials cancelled, the node leaves and the coordinator re-queues them");
        Log.Information(
            "Worker node: joining the coordinator at {Host}:{Port} with {Parallelism} worker(s); giving up after {RejoinTimeout} without it",
            join.Host, join.Port, parallelism, cluster.RejoinTimeout);

        var lostSince = DateTimeOffset.UtcNow;
        while (true)
        {
            // One incarnation of the node: a fresh actor system (a node that lost the coordinator cannot rejoin as it is).
            var completion = new WorkerNodeCompletion(lostSince);
            using (var host = NodeHost.Build(configuration, services => services.AddSingleton(completion), (akka, _) => akka.WithClusterWorkers(join.Host, join.Port, node, settings)))
            {
                // Leaving the cluster makes Akka.Hosting set Environment.ExitCode = -1; Main returns its own code (AKKA.md §4.1).
                var outcome = await NodeHost.RunAsync(host, completion.Task, interrupts);
                if (interrupts.Received)
                {
                    return ExitCodes.Interrupted;
                }

                switch (outcome?.End)
                {
                    case WorkerNodeEnd.SweepFinished:
                        Log.Information("Worker node done: {Reason}", outcome.Message);
                        return ExitCodes.Completed;
                    case WorkerNodeEnd.DataMismatch:
                        Log.Error("Worker node stopped: {Reason}", outcome.Message);
                        return ExitCodes.InvalidInput;
                    case WorkerNodeEnd.CoordinatorLost or WorkerNodeEnd.Failed:
                        Log.Error("Worker node stopped: {Reason}", outcome.Message);
                        return ExitCodes.InternalError;
                }

                var reason = outcome?.Message ?? "the node's actor system stopped";
                lostSince = completion.LostSince ?? DateTimeOffset.UtcNow;
                var deadline = lostSince + cluster.RejoinTimeout;
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    Log.Error("Worker node stopped: {Reason}, and no coordinator within the rejoin timeout of {RejoinTimeout}", reason, cluster.RejoinTimeout);
                    return ExitCodes.InternalError;
                }

                Log.Warning("Lost the coordinator ({Reason}); rejoining {Host}:{Port} as a fresh node until {Deadline:HH:mm:ss}", reason, join.Host, join.Port, deadline.ToLocalTime());
            }

            await Task.Delay(s_rejoinPause);
            if (interrupts.Received)
            {
                return ExitCodes.Interrupted;
            }
        }
    }
}
