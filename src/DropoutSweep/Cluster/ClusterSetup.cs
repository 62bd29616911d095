using DropoutSweep.Engine;
using DropoutSweep.Engine.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Cluster;

/// <summary>How <c>run</c> becomes a cluster's coordinator: the checks on its <c>Cluster</c> settings and its Akka wiring.</summary>
internal static class ClusterSetup
{
    /// <summary>The <c>Cluster</c> section as <c>run</c> uses it; problems name the setting and its option.</summary>
    public static ClusterSection ReadCoordinator(IConfiguration configuration, ICollection<string> problems)
    {
        var cluster = ClusterSection.Read(configuration, problems);
        if (cluster.CoordinatorOnly && !cluster.IsCoordinator)
        {
            problems.Add($"{ClusterSection.Name}:CoordinatorOnly (--coordinator-only) needs {ClusterSection.Name}:Listen (--listen HOST:PORT): without worker nodes nothing would train.");
        }

        ClusterExposure.CheckCoordinator(configuration, cluster, problems);

        return cluster;
    }

    /// <summary>A local sweep, or with <c>Cluster:Listen</c> the coordinator node of a cluster (AKKA.md §5).</summary>
    public static AkkaConfigurationBuilder WithSweep(this AkkaConfigurationBuilder akka, SweepRun run, ClusterSection cluster) =>
        cluster.IsCoordinator
            ? akka.WithClusterCoordinator(run, cluster.NodeOptions(cluster.Listen!.Value))
            : akka.WithDropoutSweep(run);
}
