using DropoutSweep.Hosting;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace DropoutSweep.Cluster;

/// <summary>
/// A worker's configuration, from the one loader (<see cref="SweepConfiguration.LoadWorker"/>): appsettings.json (its
/// Serilog, Akka and Cluster sections) → environment variables (<c>DROPOUTSWEEP_</c>) → the command line. No sweep file:
/// the coordinator says what to train.
/// </summary>
internal static class WorkerConfiguration
{
    private const string FileSink = "Serilog:WriteTo:File";

    // Akka warns every 2 s that the seed did not answer; while a worker waits for its coordinator that is expected, and
    // the node logs its own "still waiting" line every 30 s instead. A user's own override still wins.
    private const string JoinRetryOverride = "Serilog:MinimumLevel:Override:Akka.Cluster.JoinSeedNodeProcess";

    /// <summary>The layers, or null with the problems in <paramref name="problems"/>.</summary>
    public static IConfiguration? Load(WorkerArguments arguments, ICollection<string> problems)
    {
        var configuration = SweepConfiguration.LoadWorker(arguments, problems);
        return configuration is null || problems.Count > 0 ? null : configuration.Configuration;
    }

    /// <summary>Serilog as configured, without the file sink: a worker has no output folder (the coordinator keeps the sweep's log).</summary>
    public static Serilog.Core.Logger Logger(IConfiguration configuration)
    {
        var withoutFile = configuration.AsEnumerable()
            .Where(entry => entry.Value is not null && !entry.Key.StartsWith(FileSink, StringComparison.OrdinalIgnoreCase));
        var quiet = configuration[JoinRetryOverride] is null ? [new KeyValuePair<string, string?>(JoinRetryOverride, "Error")] : Array.Empty<KeyValuePair<string, string?>>();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(withoutFile.Concat(quiet)).Build();
        return new LoggerConfiguration().ReadFrom.Configuration(settings).CreateLogger();
    }
}
