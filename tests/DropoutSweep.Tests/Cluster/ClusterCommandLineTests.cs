using DropoutSweep.Cluster;
using DropoutSweep.CommandLine;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace DropoutSweep.Tests.Cluster;

/// <summary>The cluster's options are shorthands for the <c>Cluster</c> section, which is read and checked in one place.</summary>
public sealed class ClusterCommandLineTests
{
    [Fact]
    public void Run_options_become_Cluster_settings_ahead_of_explicit_overrides()
    {
        var parsed = new SweepCommandLine().Parse(["run", "--listen", "0.0.0.0:4053", "--public-host", "coord.lan", "--coordinator-only", "--Cluster:StableAfter=7s"]);

        Assert.Empty(parsed.Problems);
        Assert.Equal(
            [new("Cluster:Listen", "0.0.0.0:4053"), new("Cluster:PublicHost", "coord.lan"), new("Cluster:CoordinatorOnly", "true"), new("Cluster:StableAfter", "7s")],
            parsed.Run!.Overrides);
    }

    [Fact]
    public void The_worker_command_takes_join_listen_public_host_parallelism_and_overrides()
    {
        var parsed = new SweepCommandLine().Parse(["worker", "--join", "coord.lan:4053", "--parallelism", "3", "--listen", "0.0.0.0:5000", "--Cluster:RejoinTimeout=1m"]);

        Assert.Empty(parsed.Problems);
        Assert.Null(parsed.Run);
        Assert.Equal(3, parsed.Worker!.Parallelism);
        Assert.Equal([new("Cluster:Join", "coord.lan:4053"), new("Cluster:Listen", "0.0.0.0:5000"), new("Cluster:RejoinTimeout", "1m")], parsed.Worker.Overrides);
    }

    [Fact]
    public void A_worker_parallelism_below_one_is_a_problem() =>
        Assert.Contains(new SweepCommandLine().Parse(["worker", "--join", "h:1", "--parallelism", "0"]).Problems, p => p.Contains("--parallelism = 0", StringComparison.Ordinal));

    [Fact]
    public void The_section_reads_endpoints_flags_and_durations()
    {
        var problems = new List<string>();

        var section = ClusterSection.Read(Configuration(("Listen", "0.0.0.0:4053"), ("Join", "akka.tcp://dropout-sweep@c:4053"), ("CoordinatorOnly", "true"), ("RejoinTimeout", "00:01:30"), ("HeartbeatPause", "1500ms"), ("StableAfter", "2m")), problems);

        Assert.Empty(problems);
        Assert.Equal((("0.0.0.0", 4053), ("c", 4053), true), (section.Listen!.Value, section.Join!.Value, section.CoordinatorOnly));
        Assert.Equal((TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMinutes(2)), (section.RejoinTimeout, section.HeartbeatPause, section.StableAfter));
    }

    [Fact]
    public void An_empty_section_is_a_local_run_with_a_five_minute_rejoin_timeout()
    {
        var problems = new List<string>();

        var section = ClusterSetup.ReadCoordinator(Configuration(("Listen", ""), ("RejoinTimeout", "")), problems);

        Assert.Empty(problems);
        Assert.False(section.IsCoordinator);
        Assert.Equal(TimeSpan.FromMinutes(5), section.RejoinTimeout);
    }

    [Fact]
    public void Every_bad_setting_is_reported_by_name()
    {
        var problems = new List<string>();

        ClusterSetup.ReadCoordinator(Configuration(("Listen", "4053"), ("Join", "x:0"), ("CoordinatorOnly", "yes"), ("RejoinTimeout", "soon"), ("StableAfter", "-1s")), problems);

        Assert.Collection(
            problems,
            p => Assert.StartsWith("Cluster:Listen = '4053'", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Cluster:Join = 'x:0'", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Cluster:CoordinatorOnly = 'yes'", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Cluster:RejoinTimeout = 'soon'", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Cluster:StableAfter = '-1s'", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Coordinator_only_without_listen_is_a_problem()
    {
        var problems = new List<string>();

        ClusterSetup.ReadCoordinator(Configuration(("CoordinatorOnly", "true")), problems);

        Assert.Equal(["Cluster:CoordinatorOnly (--coordinator-only) needs Cluster:Listen (--listen HOST:PORT): without worker nodes nothing would train."], problems);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Cluster:{s.Key}", s.Value))).Build();
}
