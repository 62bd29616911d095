using System.Security.Cryptography.X509Certificates;
using DropoutSweep.Cluster;
using DropoutSweep.CommandLine;
using DropoutSweep.Engine.Cluster;
using DropoutSweep.Tests.EndToEnd;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace DropoutSweep.Tests.Cluster;

/// <summary>
/// <c>--tls</c>, <c>--tls-password</c> and <c>--insecure</c> are <c>Cluster</c> settings; a certificate that cannot be
/// used is a problem naming the setting; plain TCP is refused off loopback unless <c>--insecure</c> is given.
/// </summary>
public sealed class ClusterTlsSettingsTests
{
    [Fact]
    public void The_options_become_Cluster_settings_on_run_and_on_worker()
    {
        var run = new SweepCommandLine().Parse(["run", "--listen", "0.0.0.0:4053", "--tls", "c.p12", "--tls-password", "pw", "--insecure"]);
        var worker = new SweepCommandLine().Parse(["worker", "--join", "c:4053", "--tls", "c.p12", "--Cluster:RejoinTimeout=1m"]);

        Assert.Empty(run.Problems);
        Assert.Equal(
            [new("Cluster:Listen", "0.0.0.0:4053"), new("Cluster:Tls:Certificate", "c.p12"), new("Cluster:Tls:Password", "pw"), new("Cluster:Insecure", "true")],
            run.Run!.Overrides);
        Assert.Empty(worker.Problems);
        Assert.Equal([new("Cluster:Join", "c:4053"), new("Cluster:Tls:Certificate", "c.p12"), new("Cluster:RejoinTimeout", "1m")], worker.Worker!.Overrides);
    }

    [Fact]
    public void A_certificate_file_with_its_key_is_read_and_goes_into_the_node_options()
    {
        using var folder = new ScratchFolder();
        using var made = ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow);
        File.WriteAllBytes(folder["c.p12"], ClusterCertificate.ExportPkcs12(made, "pw"));
        var problems = new List<string>();

        var section = ClusterSection.Read(Configuration(("Tls:Certificate", folder["c.p12"]), ("Tls:Password", "pw")), problems);

        Assert.Empty(problems);
        Assert.Equal(made.RawData, section.Tls!.Certificate.RawData);
        Assert.Same(section.Tls, section.NodeOptions(("127.0.0.1", 0)).Tls);
        Assert.False(section.Insecure);
    }

    [Fact]
    public void A_certificate_that_cannot_be_used_is_a_problem_naming_the_setting()
    {
        using var folder = new ScratchFolder();
        using var made = ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow);
        File.WriteAllBytes(folder["locked.p12"], ClusterCertificate.ExportPkcs12(made, "right"));
        File.WriteAllText(folder["text.p12"], "not a certificate");
        using var withoutKey = X509CertificateLoader.LoadCertificate(made.RawData);
        File.WriteAllBytes(folder["public.p12"], withoutKey.Export(X509ContentType.Pkcs12));

        Assert.Contains("the password does not open it (wrong Cluster:Tls:Password (--tls-password))", Problem(("Tls:Certificate", folder["locked.p12"]), ("Tls:Password", "wrong")), StringComparison.Ordinal);
        Assert.Contains("the password does not open it (no Cluster:Tls:Password (--tls-password))", Problem(("Tls:Certificate", folder["locked.p12"])), StringComparison.Ordinal);
        Assert.Contains("not a PKCS#12 file", Problem(("Tls:Certificate", folder["text.p12"])), StringComparison.Ordinal);
        Assert.Contains("without its private key", Problem(("Tls:Certificate", folder["public.p12"])), StringComparison.Ordinal);
        Assert.Contains("file not found", Problem(("Tls:Certificate", folder["absent.p12"])), StringComparison.Ordinal);
        Assert.StartsWith($"Cluster:Tls:Certificate (--tls) = '{folder["absent.p12"]}'", Problem(("Tls:Certificate", folder["absent.p12"])), StringComparison.Ordinal);
        Assert.StartsWith("Cluster:Tls:Password (--tls-password) is set, but Cluster:Tls:Certificate (--tls) is not", Problem(("Tls:Password", "pw")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:4053", "", true)]
    [InlineData("127.9.9.9:4053", "", true)]
    [InlineData("localhost:4053", "", true)]
    [InlineData("[::1]:4053", "", true)]
    [InlineData("0.0.0.0:4053", "", false)]
    [InlineData("10.0.0.7:4053", "", false)]
    [InlineData("coord.lan:4053", "", false)]
    [InlineData("0.0.0.0:4053", "true", true)]
    public void A_coordinator_may_listen_in_plain_TCP_on_loopback_or_with_insecure(string listen, string insecure, bool allowed)
    {
        var configuration = Configuration(("Listen", listen), ("Insecure", insecure));
        var problems = new List<string>();

        ClusterSetup.ReadCoordinator(configuration, problems);

        if (allowed)
        {
            Assert.Empty(problems);
        }
        else
        {
            var problem = Assert.Single(problems);
            Assert.StartsWith($"Cluster:Listen = '{listen}' (--listen) can be reached from other machines", problem, StringComparison.Ordinal);
            Assert.Contains("dropout-sweep cert --out cluster.p12", problem, StringComparison.Ordinal);
            Assert.Contains("--insecure (Cluster:Insecure)", problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("127.0.0.1:4053", "", "", null)]
    [InlineData("localhost:4053", "", "", null)]
    [InlineData("coord.lan:4053", "", "", "Cluster:Join = 'coord.lan:4053' (--join) is not on this machine")]
    [InlineData("coord.lan:4053", "", "true", null)]
    [InlineData("127.0.0.1:4053", "0.0.0.0:0", "", "Cluster:Listen = '0.0.0.0:0' (--listen) can be reached from other machines")]
    [InlineData("127.0.0.1:4053", "0.0.0.0:0", "true", null)]
    [InlineData("akka.ssl.tcp://dropout-sweep@127.0.0.1:4053", "", "", "is the address of a coordinator that uses TLS")]
    public void A_worker_may_use_plain_TCP_on_loopback_or_with_insecure(string join, string listen, string insecure, string? problem)
    {
        var configuration = Configuration(("Join", join), ("Listen", listen), ("Insecure", insecure));
        var problems = new List<string>();
        var section = ClusterSection.Read(configuration, problems);

        ClusterExposure.CheckWorker(configuration, section, problems);

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problem, Assert.Single(problems), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_worker_with_the_certificate_joins_by_host_and_port_or_by_the_TLS_address_not_the_plain_one()
    {
        using var folder = new ScratchFolder();
        using var made = ClusterCertificate.CreateSelfSigned(DateTimeOffset.UtcNow);
        File.WriteAllBytes(folder["c.p12"], ClusterCertificate.ExportPkcs12(made, null));

        Assert.Empty(WorkerProblems(("Join", "coord.lan:4053"), ("Tls:Certificate", folder["c.p12"])));
        Assert.Empty(WorkerProblems(("Join", "akka.ssl.tcp://dropout-sweep@coord.lan:4053"), ("Tls:Certificate", folder["c.p12"])));
        Assert.Equal(
            ["Cluster:Join = 'akka.tcp://dropout-sweep@coord.lan:4053' (--join) is a plain TCP address, but this node uses TLS (--tls): join akka.ssl.tcp://dropout-sweep@coord.lan:4053, or just coord.lan:4053."],
            WorkerProblems(("Join", "akka.tcp://dropout-sweep@coord.lan:4053"), ("Tls:Certificate", folder["c.p12"])));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("coord.lan", "0.0.0.0")]
    [InlineData("10.0.0.7", "0.0.0.0")]
    public void A_worker_listens_on_loopback_by_default_when_its_coordinator_is_on_loopback(string joinHost, string listenHost) =>
        Assert.Equal((listenHost, 0), ClusterExposure.DefaultWorkerListen((joinHost, 4053)));

    private static string Problem(params (string Key, string Value)[] settings)
    {
        var problems = new List<string>();
        ClusterSection.Read(Configuration(settings), problems);
        return Assert.Single(problems);
    }

    private static List<string> WorkerProblems(params (string Key, string Value)[] settings)
    {
        var configuration = Configuration(settings);
        var problems = new List<string>();
        ClusterExposure.CheckWorker(configuration, ClusterSection.Read(configuration, problems), problems);
        return problems;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Cluster:{s.Key}", s.Value))).Build();
}
