using System.CommandLine;
using DropoutSweep.CommandLine;

namespace DropoutSweep.Cluster;

/// <summary>
/// The command-line side of running on several machines: <c>--listen</c>, <c>--public-host</c> and
/// <c>--coordinator-only</c> on <c>run</c>, and the <c>worker</c> command with <c>--join</c>. Each option is a shorthand
/// for a <c>Cluster</c> setting (<see cref="ClusterSection"/>), so files, environment variables and options agree.
/// </summary>
internal sealed class ClusterCommandLine
{
    private readonly Option<string> _listen = new("--listen")
    {
        Description = "Run as the cluster's coordinator (seed node) listening on HOST:PORT, e.g. 0.0.0.0:4053 (Cluster:Listen).",
        HelpName = "HOST:PORT",
    };

    // The same setting as the coordinator's --listen, described for a worker node.
    private readonly Option<string> _workerListen = new("--listen")
    {
        Description = "Interface and port this worker node listens on [default: a free port on 127.0.0.1 when --join is on loopback, else on 0.0.0.0] (Cluster:Listen).",
        HelpName = "HOST:PORT",
    };

    private readonly Option<string> _publicHost = new("--public-host")
    {
        Description = "Host name or address other nodes reach this one at, when it differs from the listen address (Cluster:PublicHost).",
        HelpName = "NAME",
    };

    private readonly Option<bool> _coordinatorOnly = new("--coordinator-only")
    {
        Description = "With --listen: run no local workers; only worker nodes train (Cluster:CoordinatorOnly).",
    };

    private readonly Option<string> _join = new("--join")
    {
        Description = "The coordinator to join: HOST:PORT, or the address it prints, akka.tcp://dropout-sweep@HOST:PORT (akka.ssl.tcp:// with --tls) (Cluster:Join).",
        HelpName = "HOST:PORT",
    };

    private readonly Option<int?> _parallelism = new("--parallelism")
    {
        Description = "Workers on this node, N >= 1, each training one trial at a time [default: one per core].",
        HelpName = "N",
    };

    private readonly ClusterTlsOptions _tls = new();

    public ClusterCommandLine()
    {
        _parallelism.CustomParser = OptionChecks.Parallelism;

        Worker = new Command(
            "worker",
            "Join a coordinator started with `run --listen HOST:PORT` and train the trials it hands out; no sweep file needed.\n" +
            "Exits 0 when the sweep is finished, 1 when the coordinator stays out of reach for Cluster:RejoinTimeout, 2 on invalid input or data that differ from the coordinator's, 130 when interrupted.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        Worker.Options.Add(_join);
        Worker.Options.Add(_workerListen);
        Worker.Options.Add(_publicHost);
        Worker.Options.Add(_parallelism);
        _tls.AddTo(Worker);

        // Run outside System.CommandLine, like `run` (the host owns Ctrl+C); the action only marks "worker".
        Worker.SetAction(_ => 0);
    }

    /// <summary>The <c>worker</c> command.</summary>
    public Command Worker { get; }

    /// <summary>Adds the coordinator's options to <paramref name="command"/> (<c>run</c> and the root command).</summary>
    public void AddRunOptions(Command command)
    {
        command.Options.Add(_listen);
        command.Options.Add(_publicHost);
        command.Options.Add(_coordinatorOnly);
        _tls.AddTo(command);
    }

    /// <summary>True when <paramref name="result"/> is the <c>worker</c> command.</summary>
    public bool IsWorker(ParseResult result) => result.CommandResult.Command == Worker;

    /// <summary>The cluster options given to <c>run</c>, as <c>Cluster:...</c> settings.</summary>
    public IEnumerable<KeyValuePair<string, string?>> RunSettings(ParseResult result)
    {
        foreach (var setting in Settings(result, _listen, "Listen").Concat(Settings(result, _publicHost, "PublicHost")).Concat(_tls.Settings(result)))
        {
            yield return setting;
        }

        if (result.GetValue(_coordinatorOnly))
        {
            yield return new($"{ClusterSection.Name}:CoordinatorOnly", "true");
        }
    }

    /// <summary>The <c>worker</c> command's arguments; <paramref name="overrides"/> (<c>--Section:Key=value</c>) come last and win.</summary>
    public WorkerArguments WorkerArguments(ParseResult result, IEnumerable<KeyValuePair<string, string?>> overrides) => new()
    {
        Parallelism = result.GetValue(_parallelism),
        Overrides = Settings(result, _join, "Join")
            .Concat(Settings(result, _workerListen, "Listen"))
            .Concat(Settings(result, _publicHost, "PublicHost"))
            .Concat(_tls.Settings(result))
            .Concat(overrides)
            .ToList(),
    };

    private static IEnumerable<KeyValuePair<string, string?>> Settings(ParseResult result, Option<string> option, string key) =>
        result.GetValue(option) is { } value ? [new($"{ClusterSection.Name}:{key}", value)] : [];
}
