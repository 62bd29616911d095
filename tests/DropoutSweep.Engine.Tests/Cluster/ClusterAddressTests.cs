using DropoutSweep.Engine.Cluster;
using Xunit;

namespace DropoutSweep.Engine.Tests.Cluster;

public sealed class ClusterAddressTests
{
    [Theory]
    [InlineData("coordinator.lan:4053", "coordinator.lan", 4053)]
    [InlineData("127.0.0.1:4053", "127.0.0.1", 4053)]
    [InlineData("akka.tcp://dropout-sweep@10.1.2.3:4053", "10.1.2.3", 4053)]
    [InlineData("akka.tcp://dropout-sweep@10.1.2.3:4053/", "10.1.2.3", 4053)]
    [InlineData("[::1]:4053", "::1", 4053)]
    public void Join_accepts_host_and_port_or_a_full_address(string value, string host, int port) =>
        Assert.Equal((host, port), ClusterAddress.ParseJoin(value, "--join"));

    [Theory]
    [InlineData("akka.tcp://sweep@10.1.2.3:4053", "named 'dropout-sweep'")]
    [InlineData("akka.tcp://10.1.2.3:4053", "system name")]
    [InlineData("http://10.1.2.3:4053", "akka.tcp://")]
    [InlineData("10.1.2.3", "HOST:PORT")]
    [InlineData("10.1.2.3:0", "cannot be 0")]
    [InlineData("10.1.2.3:70000", "0 to 65535")]
    [InlineData("[]:4053", "host is missing")]
    public void Join_refuses_what_is_not_a_coordinator_address_and_names_the_setting(string value, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ClusterAddress.ParseJoin(value, "--join"));

        Assert.StartsWith($"--join = '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listen_takes_port_zero_for_a_free_port() =>
        Assert.Equal(("0.0.0.0", 0), ClusterAddress.ParseListen("0.0.0.0:0", "--listen"));

    [Fact]
    public void A_seed_node_is_the_full_address_of_the_dropout_sweep_system()
    {
        Assert.Equal("akka.tcp://dropout-sweep@host.lan:4053", ClusterAddress.SeedNode("host.lan", 4053));
        Assert.Equal("akka.tcp://dropout-sweep@[::1]:4053", ClusterAddress.SeedNode("::1", 4053));
    }

    [Fact]
    public void A_node_listening_on_all_interfaces_advertises_the_address_of_its_route_to_the_coordinator()
    {
        var node = new ClusterNodeOptions { ListenHost = "0.0.0.0", ListenPort = 0 };

        Assert.Equal("127.0.0.1", ClusterHosting.PublicHost(node, towards: ("127.0.0.1", 4053)));
        Assert.Equal("worker7", ClusterHosting.PublicHost(node with { PublicHost = "worker7" }, towards: ("127.0.0.1", 4053)));
        Assert.Equal("10.0.0.2", ClusterHosting.PublicHost(node with { ListenHost = "10.0.0.2" }, towards: ("127.0.0.1", 4053)));
    }
}
