using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DropoutSweep.Tests.EndToEnd;
using Xunit;

namespace DropoutSweep.Tests.Cluster;

/// <summary>
/// The built executable with TLS between its nodes (issue 12): strangers are refused while the sweep runs as it would
/// locally; plain TCP off loopback is refused unless asked for; certificate files that cannot be used are invalid
/// input. Every port is picked by the OS; processes are stopped by their own ids.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed partial class ClusterTlsEndToEndTests(ITestOutputHelper output)
{
    private const int Trials = 8;
    // Long enough that the stranger with another certificate, which retries as a fresh node every second or two, still
    // knocks while the member joins and trains; short enough for a test.
    private static readonly TimeSpan s_strangerRejoinTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);
    private static readonly string s_sweep = Path.Combine(AppContext.BaseDirectory, "TestData", "Cluster", "kill-a-worker.json");
    private static readonly string[] s_metrics = ["status", "val_accuracy", "val_loss", "best_val_accuracy", "best_epoch", "train_accuracy", "train_loss", "epochs_run"];

    [Fact]
    public async Task Workers_without_the_certificate_or_with_another_are_refused_and_the_sweep_completes_as_a_local_run()
    {
        using var folder = new ScratchFolder();
        var local = folder["local"];
        var clustered = folder["cluster"];
        using (var run = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", s_sweep, "--out", local, "--parallelism", "2"))
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        var certificate = await TestCertificates.MakeAsync(folder.Path, "cluster.p12", password: "sweep-7");
        var another = await TestCertificates.MakeAsync(folder.Path, "another.p12");
        using var coordinator = SweepProcess.Start(
            folder.Path,
            ["run", "--config", s_sweep, "--out", clustered, "--listen", "127.0.0.1:0", "--coordinator-only", "--tls", certificate, "--tls-password", "sweep-7", .. ClusterProcesses.FastTimings]);
        var join = await ClusterProcesses.WaitForAsync(() => ClusterProcesses.JoinAddress(coordinator.Output), s_timeout, "the coordinator's address", coordinator);

        // Without --listen: a worker that joins a loopback coordinator listens on loopback, so no --insecure is needed.
        string[] stranger = ["worker", "--join", join, "--parallelism", "1", $"--Cluster:RejoinTimeout={s_strangerRejoinTimeout:c}", .. ClusterProcesses.FastTimings];
        using var plain = SweepProcess.Start(folder.Path, stranger);
        using var impostor = SweepProcess.Start(folder.Path, [.. stranger, "--tls", another]);

        // The coordinator logs both refused handshakes: Akka's pin check names the thumbprint it refused, and plain
        // Akka frames are not TLS records. Then the member joins while the strangers still knock.
        await ClusterProcesses.WaitForAsync(() => Refusals(coordinator.Output) is { Pinned: true, NotTls: true } ? "" : null, s_timeout, "both refusals in the coordinator's log", coordinator, plain, impostor);
        using var member = SweepProcess.Start(folder.Path, ["worker", "--join", join, "--parallelism", "1", "--tls", certificate, "--tls-password", "sweep-7", .. ClusterProcesses.FastTimings]);

        await plain.WaitForExitAsync(s_timeout);
        await impostor.WaitForExitAsync(s_timeout);
        await coordinator.WaitForExitAsync(s_timeout);
        await member.WaitForExitAsync(s_timeout);
        output.WriteLine(coordinator.Output);

        // The strangers give up at their rejoin timeout with the worker's "coordinator not reached" code, never having joined.
        Assert.All([plain, impostor], s =>
        {
            Assert.True(s.ExitCode == 1, s.ToString());
            Assert.Contains($"rejoin timeout of {s_strangerRejoinTimeout:c}", s.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Joined sweep", s.Output, StringComparison.Ordinal);
        });
        Assert.Contains("Certificate pinning failed for ssl.tcp://", impostor.Output, StringComparison.Ordinal); // it refuses the coordinator too

        Assert.True(coordinator.ExitCode == 0, coordinator.ToString());
        Assert.True(member.ExitCode == 0, member.ToString());
        var memberNode = ClusterProcesses.NodeName(member.Output)!;
        Assert.Equal([memberNode], JoinedNodes(coordinator.Output));
        var rows = ReportFiles.ReadResultsCsv(clustered);
        Assert.Equal(Enumerable.Range(1, Trials), rows.Select(r => int.Parse(r["trial"], CultureInfo.InvariantCulture)).Order());
        Assert.Equal(Trials, ClusterProcesses.Journal(clustered).Count);
        Assert.All(rows, r => Assert.Equal(memberNode, r["node"]));
        var expected = ReportFiles.ReadResultsCsv(local).ToDictionary(r => r["trial"]);
        Assert.All(rows, r => Assert.Equal(s_metrics.Select(m => expected[r["trial"]][m]), s_metrics.Select(m => r[m])));
    }

    [Fact]
    public async Task A_listen_address_other_machines_can_reach_is_refused_without_tls_and_allowed_with_insecure_and_a_warning()
    {
        // An address of this machine's own interfaces: the coordinator listens there and connects only to itself.
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        if (address is null)
        {
            Assert.Skip("This machine has no IPv4 address besides loopback.");
        }

        using var folder = new ScratchFolder();
        string[] run = ["run", "--config", s_sweep, "--out", folder["out"], "--listen", $"{address}:0", "--Sweep:Training:Epochs=50"];

        using var refused = await SweepProcess.RunAsync(folder.Path, s_timeout, run);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains($"Cluster:Listen = '{address}:0' (--listen) can be reached from other machines", refused.Error, StringComparison.Ordinal);
        Assert.Contains("dropout-sweep cert --out cluster.p12", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder["out"]));

        using var insecure = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. run, "--insecure"]);

        Assert.True(insecure.ExitCode == 0, insecure.ToString());
        Assert.Matches($@"WRN Cluster traffic on {Regex.Escape(address.ToString())}:\d+ is neither encrypted nor authenticated", insecure.Output);
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_used_is_invalid_input_naming_the_setting()
    {
        using var folder = new ScratchFolder();
        var certificate = await TestCertificates.MakeAsync(folder.Path, "cluster.p12", password: "right");
        string[] coordinator = ["run", "--config", s_sweep, "--out", folder["out"], "--listen", "127.0.0.1:0"];

        using var wrong = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. coordinator, "--tls", certificate, "--tls-password", "wrong"]);
        using var missing = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. coordinator, "--tls", "nowhere.p12"]);
        using var worker = await SweepProcess.RunAsync(folder.Path, s_timeout, "worker", "--join", "127.0.0.1:4053", "--tls", certificate);

        Assert.All([wrong, missing, worker], p => Assert.True(p.ExitCode == 2, p.ToString()));
        Assert.Contains("Cluster:Tls:Certificate (--tls) = '" + certificate + "': the password does not open it (wrong Cluster:Tls:Password (--tls-password))", wrong.Error, StringComparison.Ordinal);
        Assert.Contains("Cluster:Tls:Certificate (--tls) = 'nowhere.p12': file not found", missing.Error, StringComparison.Ordinal);
        Assert.Contains("the password does not open it (no Cluster:Tls:Password (--tls-password))", worker.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder["out"]));
    }

    [Fact]
    public async Task Cert_writes_a_file_only_its_owner_can_read_and_never_replaces_one_without_force()
    {
        using var folder = new ScratchFolder();
        var file = folder["cluster.p12"];

        using var first = await SweepProcess.RunAsync(folder.Path, s_timeout, "cert", "--out", "cluster.p12");
        var written = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        using var again = await SweepProcess.RunAsync(folder.Path, s_timeout, "cert", "--out", "cluster.p12");
        var unchanged = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        using var forced = await SweepProcess.RunAsync(folder.Path, s_timeout, "cert", "--out", "cluster.p12", "--force");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches("SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}", first.Output);
        Assert.Contains("--tls cluster.p12", first.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--out = 'cluster.p12': the file exists; give --force to replace it", again.Error, StringComparison.Ordinal);
        Assert.Equal(written, unchanged);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.NotEqual(written, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal(["cluster.p12"], Directory.GetFiles(folder.Path).Select(Path.GetFileName)); // no temporary file left
    }

    private static (bool Pinned, bool NotTls) Refusals(string output) =>
        (output.Contains("Certificate pinning failed", StringComparison.Ordinal), output.Contains("not an SSL/TLS record", StringComparison.Ordinal));

    private static IReadOnlyList<string> JoinedNodes(string output) => JoinedLine().Matches(output).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"Worker node (\S+) joined the sweep")]
    private static partial Regex JoinedLine();
}
