using System.Diagnostics;
using System.Globalization;
using DropoutSweep.Tests.EndToEnd;
using Xunit;

namespace DropoutSweep.Tests.Cluster;

/// <summary>
/// The built executable as a real cluster on 127.0.0.1: a <c>--coordinator-only</c> coordinator and two worker
/// processes, every port picked by the OS, processes stopped by their own ids.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class ClusterEndToEndTests(ITestOutputHelper output)
{
    private const int Trials = 8;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static readonly string s_sweep = Path.Combine(AppContext.BaseDirectory, "TestData", "Cluster", "kill-a-worker.json");
    private static readonly string[] s_metrics = ["status", "val_accuracy", "val_loss", "best_val_accuracy", "best_epoch", "train_accuracy", "train_loss", "epochs_run"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // every node with the certificate made by `cert`: TLS with mutual authentication
    public async Task A_worker_killed_while_it_holds_a_trial_loses_nothing_and_the_results_equal_a_local_run(bool tls)
    {
        using var folder = new ScratchFolder();
        string[] security = tls ? ["--tls", await TestCertificates.MakeAsync(folder.Path, "cluster.p12")] : [];
        var local = folder["local"];
        var clustered = folder["cluster"];
        using (var run = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", s_sweep, "--out", local, "--parallelism", "2"))
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        using var coordinator = SweepProcess.Start(folder.Path, ["run", "--config", s_sweep, "--out", clustered, "--listen", "127.0.0.1:0", "--coordinator-only", .. security, .. ClusterProcesses.FastTimings]);
        var join = await ClusterProcesses.WaitForAsync(() => ClusterProcesses.JoinAddress(coordinator.Output), s_timeout, "the coordinator's address", coordinator);
        string[] worker = ["worker", "--join", join, "--listen", "127.0.0.1:0", "--parallelism", "1", .. security, .. ClusterProcesses.FastTimings];
        using var victim = SweepProcess.Start(folder.Path, worker);
        using var survivor = SweepProcess.Start(folder.Path, worker);
        var victimNode = await ClusterProcesses.WaitForAsync(() => ClusterProcesses.NodeName(victim.Output), s_timeout, "the victim to join", coordinator, victim);
        await ClusterProcesses.WaitForAsync(() => ClusterProcesses.NodeName(survivor.Output), s_timeout, "the survivor to join", coordinator, survivor);

        // SIGKILL the victim once it has finished a trial and holds the next one.
        await ClusterProcesses.WaitForAsync(
            () =>
            {
                var journal = ClusterProcesses.Journal(clustered);
                var running = ClusterProcesses.StartedOn(clustered, victimNode).Except(journal.Select(j => j.TrialId));
                return journal.Any(j => j.Node == victimNode) && running.Any() ? "" : null;
            },
            s_timeout,
            "the victim to hold a trial after finishing one",
            coordinator,
            victim,
            survivor);
        victim.KillHard();
        var clock = Stopwatch.StartNew();

        // The trial it held (or, had it just finished that one, the next it was handed) goes back to the queue.
        var requeued = await ClusterProcesses.WaitForAsync(() => ClusterProcesses.Requeued(coordinator.Output), s_timeout, "a trial to be re-queued", coordinator, survivor);
        output.WriteLine($"trial {requeued} re-queued {clock.Elapsed.TotalSeconds:F1} s after SIGKILL of {victimNode} (HeartbeatPause 2 s, StableAfter 2 s)");

        await coordinator.WaitForExitAsync(s_timeout);
        await survivor.WaitForExitAsync(s_timeout);
        Assert.True(coordinator.ExitCode == 0, coordinator.ToString());
        Assert.True(survivor.ExitCode == 0, survivor.ToString());
        Assert.Contains($"Coordinator ready at {(tls ? "akka.ssl.tcp" : "akka.tcp")}://", coordinator.Output, StringComparison.Ordinal);

        var rows = ReportFiles.ReadResultsCsv(clustered);
        Assert.Equal(Enumerable.Range(1, Trials), rows.Select(r => int.Parse(r["trial"], CultureInfo.InvariantCulture)).Order());
        Assert.Equal(Trials, ClusterProcesses.Journal(clustered).Count);
        // A worker downed as unreachable (the machine loaded while the victim's loss is detected) rejoins as a fresh node
        // on a new port: results then carry each name it joined as.
        var victimNodes = ClusterProcesses.NodeNames(victim.Output);
        var survivorNodes = ClusterProcesses.NodeNames(survivor.Output);
        output.WriteLine($"victim joined as {string.Join(", ", victimNodes)}; survivor as {string.Join(", ", survivorNodes)}");
        var nodes = rows.Select(r => r["node"]).Distinct().ToList();
        Assert.Subset(victimNodes.Concat(survivorNodes).ToHashSet(), nodes.ToHashSet());
        Assert.Contains(victimNode, nodes);
        Assert.Contains(nodes, survivorNodes.Contains);
        Assert.Contains(rows.Single(r => r["trial"] == requeued)["node"], survivorNodes);

        var expected = ReportFiles.ReadResultsCsv(local).ToDictionary(r => r["trial"]);
        Assert.All(rows, r => Assert.Equal(s_metrics.Select(m => expected[r["trial"]][m]), s_metrics.Select(m => r[m])));
    }

    [Fact]
    public async Task A_coordinator_killed_and_restarted_resumes_and_its_worker_nodes_rejoin_by_themselves()
    {
        using var folder = new ScratchFolder();
        var clustered = folder["cluster"];
        string[] Coordinator(string listen) => ["run", "--config", s_sweep, "--out", clustered, "--listen", listen, "--coordinator-only", .. ClusterProcesses.FastTimings];

        // The first coordinator takes a free port (port 0) and prints it; the restarted one comes back on that port,
        // where its worker looks.
        SweepProcess? worker = null;
        try
        {
            string join;
            using (var first = SweepProcess.Start(folder.Path, Coordinator("127.0.0.1:0")))
            {
                join = await ClusterProcesses.WaitForAsync(() => ClusterProcesses.JoinAddress(first.Output), s_timeout, "the coordinator's address", first);
                worker = SweepProcess.Start(folder.Path, ["worker", "--join", join, "--listen", "127.0.0.1:0", "--parallelism", "1", .. ClusterProcesses.FastTimings]);
                await ReportFiles.WaitForJournalAsync(clustered, 1, first, s_timeout);
                first.KillHard();
            }

            var journaled = ReportFiles.JournalLines(clustered);
            using var second = SweepProcess.Start(folder.Path, Coordinator(join));
            await second.WaitForExitAsync(s_timeout);
            await worker.WaitForExitAsync(s_timeout);

            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.True(worker.ExitCode == 0, worker.ToString());
            Assert.Contains($"Resuming: {journaled} of {Trials} trials already done", second.Output, StringComparison.Ordinal);
            Assert.Contains("rejoining", worker.Output, StringComparison.Ordinal);
            var rows = ReportFiles.ReadResultsCsv(clustered);
            Assert.Equal(Enumerable.Range(1, Trials), rows.Select(r => int.Parse(r["trial"], CultureInfo.InvariantCulture)).Order());
        }
        finally
        {
            worker?.Dispose();
        }
    }

    [Fact]
    public async Task A_worker_without_a_coordinator_address_exits_2_and_says_what_is_missing()
    {
        using var folder = new ScratchFolder();

        using var worker = await SweepProcess.RunAsync(folder.Path, s_timeout, "worker", "--parallelism", "1");

        Assert.True(worker.ExitCode == 2, worker.ToString());
        Assert.Contains("--join HOST:PORT (Cluster:Join) is required", worker.Error, StringComparison.Ordinal);
    }
}
