using System.CommandLine;
using System.CommandLine.Invocation;
using DropoutSweep.Cluster;
using DropoutSweep.Hosting;
using DropoutSweep.Init;
using DropoutSweep.Options;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.CommandLine;

/// <summary>
/// The <c>dropout-sweep</c> command line, declared in one place: the commands (<c>run</c>, the default; <c>worker</c>;
/// <c>cert</c>, <c>replay</c> and <c>predict</c>, which carry their own actions),
/// their options (each declared once and added to every command that takes it; the cluster's come from
/// <see cref="ClusterCommandLine"/> as shorthands for <c>Cluster</c> settings), <c>--help</c> and <c>--version</c>.
/// Tokens it does not know are configuration overrides (<c>--Sweep:Training:Epochs=500</c>) when their key names a
/// configuration path, and errors otherwise. A new command is one entry of <see cref="_commands"/>: the command, and how
/// its parse result becomes arguments and a handler.
/// </summary>
internal sealed class SweepCommandLine
{
    private readonly Option<string> _config = new("--config")
    {
        Description = "Sweep file to run; replaces appsettings.json's DefaultSweep (never merged with it).",
        HelpName = "FILE",
    };

    private readonly Option<string> _out = new("--out")
    {
        Description = "Folder the report files go into, relative to the current folder [default: results/<Sweep:Name>].",
        HelpName = "DIR",
    };

    // One option for `run` and `worker`: trials trained side by side on this node.
    private readonly Option<int?> _parallelism = new("--parallelism")
    {
        Description = "Trials trained side by side on this node, N >= 1 [default: run: Sweep:MaxParallelism, where 0 means one per core; worker: one per core].",
        HelpName = "N",
    };

    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "Validate, print the number of trials, the first rows of the plan and an estimated duration; run and create nothing.",
    };

    private readonly Option<bool> _restart = new("--restart")
    {
        Description = "Discard the results of a different plan found in the output folder instead of refusing to run.",
    };

    private readonly Option<bool> _force = new("--force")
    {
        Description = "Overwrite files the sweep writes (results.csv, report.md, ...) found in an output folder that holds no plan of this tool.",
    };

    private readonly Argument<string> _helpTopic = new("COMMAND")
    {
        Description = "The command to explain (run, worker, cert, ...); the whole tool when absent.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<bool> _quiet = new("--quiet", "-q")
    {
        Description = "Only warnings and errors on the console, no progress display; sweep.log.json is unchanged and the exit code tells the outcome.",
    };

    private readonly Option<bool> _noProgress = new("--no-progress")
    {
        Description = "No live status block (in a terminal) or progress lines (otherwise): the log lines only.",
    };

    private readonly ClusterCommandLine _cluster = new();
    private readonly RootCommand _root;

    // Each command and how its parse result becomes the command's arguments and handler.
    private readonly (Command Command, Func<ParseResult, List<KeyValuePair<string, string?>>, ParsedCommandLine> Bind)[] _commands;

    public SweepCommandLine()
    {
        _parallelism.CustomParser = OptionChecks.Parallelism;

        _root = new RootCommand(
            "Finds the best dropout rate, L2 penalty and learning rate by training many small networks in parallel.\n" +
            "Any setting can be overridden as --Sweep:Training:Epochs=500 (see Setting overrides below).\n" +
            "Exit codes: 0 sweep completed (or already complete), 1 internal error or an output file that cannot be written, " +
            "2 invalid configuration or arguments, 130 interrupted.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var run = new Command("run", "Run a sweep (the default command).") { TreatUnmatchedTokensAsErrors = false };
        var worker = new Command(
            "worker",
            "Join a coordinator started with `run --listen HOST:PORT` and train the trials it hands out; no sweep file needed.\n" +
            "Exits 0 when the sweep is finished, 1 when the coordinator stays out of reach for Cluster:RejoinTimeout, 2 on invalid input or data that differ from the coordinator's, 130 when interrupted.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };

        // `dropout-sweep --config x.json` is `dropout-sweep run --config x.json`.
        foreach (var command in new Command[] { _root, run })
        {
            Add(command, _config, _out, _parallelism, _dryRun, _restart, _force, _quiet, _noProgress);
            Add(command, [.. _cluster.RunOptions.Select(o => o.Option)]);
        }

        Add(worker, [.. _cluster.WorkerOptions.Select(o => o.Option), _parallelism]);
        var help = new Command("help", "Show this help, or one command's: help run, help worker, ...") { _helpTopic };
        var version = new Command("version", "Show the version (as --version).");
        var schema = new Command(
            "schema",
            $"Print the JSON Schema of sweep files (generated from the settings catalogue; config/{SweepSchema.FileName} is a copy): " +
            "point a sweep file's \"$schema\" at it and editors complete and check its keys.");
        _root.Subcommands.Add(run);
        _root.Subcommands.Add(worker);
        _root.Subcommands.Add(new CertCommand().Command);
        _root.Subcommands.Add(new ReplayCommand().Command);
        _root.Subcommands.Add(new PredictCommand().Command);
        var init = new InitCommand();
        _root.Subcommands.Add(init.Command);
        _root.Subcommands.Add(schema);
        _root.Subcommands.Add(help);
        _root.Subcommands.Add(version);

        _commands =
        [
            (_root, BindRun),
            (run, BindRun),
            (worker, BindWorker),
            (init.Command, (result, _) => init.Bind(result)),
            (schema, (result, _) => new ParsedCommandLine(result, []) { Handler = () => WriteSchema(Console.Out) }),
            (help, BindHelp),
            (version, (result, _) => new ParsedCommandLine(result, []) { Handler = () => Task.FromResult(_root.Parse(["--version"]).Invoke()) }),
        ];

        // The commands run outside System.CommandLine (the host owns Ctrl+C); these actions only mark them as matched.
        foreach (var (command, _) in _commands)
        {
            command.SetAction(_ => 0);
        }
    }

    /// <summary>Parses <paramref name="args"/> into a command to run, a built-in action, or problems.</summary>
    public ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = _root.Parse(args);
        var problems = result.Errors.Select(e => e.Message).ToList();
        var matched = _commands.Where(c => c.Command.Action == result.Action).Select(c => c.Bind).FirstOrDefault();

        // Any other action is System.CommandLine's own: help or version (its error report is handled as problems).
        if (matched is null && result.Action is not ParseErrorAction && problems.Count == 0)
        {
            return new ParsedCommandLine(result, problems);
        }

        var overrides = ParseOverrides(result.UnmatchedTokens, problems);
        return problems.Count > 0 || matched is null ? new ParsedCommandLine(result, problems) : matched(result, overrides);
    }

    private static void Add(Command command, params Option[] options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    private ParsedCommandLine BindRun(ParseResult result, List<KeyValuePair<string, string?>> overrides)
    {
        var run = new RunArguments
        {
            ConfigFile = result.GetValue(_config),
            OutputDirectory = result.GetValue(_out),
            Parallelism = result.GetValue(_parallelism),
            DryRun = result.GetValue(_dryRun),
            Restart = result.GetValue(_restart),
            Force = result.GetValue(_force),
            Quiet = result.GetValue(_quiet),
            NoProgress = result.GetValue(_noProgress),
            Overrides = [.. Quiet(result), .. _cluster.RunOptions.SelectMany(o => o.Read(result)), .. overrides],
        };
        return new ParsedCommandLine(result, []) { Run = run, Handler = () => RunCommand.RunAsync(run) };
    }

    private static Task<int> WriteSchema(TextWriter output)
    {
        output.Write(SweepSchema.Text());
        return Task.FromResult(ExitCodes.Completed);
    }

    // `help run` is `run --help`; a topic that is not a command is a problem, as an unknown option is.
    private ParsedCommandLine BindHelp(ParseResult result, List<KeyValuePair<string, string?>> overrides)
    {
        var topic = result.GetValue(_helpTopic);
        var command = topic is null ? _root : _root.Subcommands.FirstOrDefault(c => c.Name == topic);
        if (command is null || overrides.Count > 0)
        {
            var commands = string.Join(", ", _root.Subcommands.Select(c => c.Name));
            return new ParsedCommandLine(result, [$"help {topic}: no such command; the commands are {commands}."]);
        }

        var help = _root.Parse(command == _root ? ["--help"] : [command.Name, "--help"]);
        return new ParsedCommandLine(result, []) { Handler = () => Task.FromResult(HelpText.Write(help, Console.Out)) };
    }

    // --quiet raises the console sink's level (appsettings.json's Serilog:WriteTo:Console) to warnings; the file sink keeps its own.
    private IEnumerable<KeyValuePair<string, string?>> Quiet(ParseResult result) =>
        result.GetValue(_quiet) ? [new(SweepLogging.ConsoleLevelKey, "Warning")] : [];

    private ParsedCommandLine BindWorker(ParseResult result, List<KeyValuePair<string, string?>> overrides)
    {
        var worker = new WorkerArguments
        {
            Parallelism = result.GetValue(_parallelism),
            Overrides = [.. _cluster.WorkerOptions.SelectMany(o => o.Read(result)), .. overrides],
        };
        return new ParsedCommandLine(result, []) { Worker = worker, Handler = () => WorkerHost.RunAsync(worker) };
    }

    // `--Section:Key=value` or `--Section:Key value`; the key must name a configuration path (contain ':'), so that a
    // mistyped option such as `--paralelism 2` is an error, not a setting nobody reads.
    private List<KeyValuePair<string, string?>> ParseOverrides(IReadOnlyList<string> tokens, List<string> problems)
    {
        var overrides = new List<KeyValuePair<string, string?>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : null;
            var equals = key?.IndexOf('=') ?? -1;
            var name = equals >= 0 ? key![..equals] : key;
            if (name is null || !name.Contains(':') || name.StartsWith(':') || name.EndsWith(':'))
            {
                problems.Add(UnknownArgument(token));

                // `--paralelism 2`: the value belongs to the mistyped option, not a second problem.
                if (key is not null && equals < 0 && i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-'))
                {
                    i++;
                }

                continue;
            }

            if (equals >= 0)
            {
                overrides.Add(new(name, key![(equals + 1)..]));
            }
            else if (i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                overrides.Add(new(name, tokens[++i]));
            }
            else
            {
                problems.Add($"{token}: a configuration override needs a value ({token}=VALUE).");
            }
        }

        return overrides;
    }

    private string UnknownArgument(string token)
    {
        var name = token.Split('=', 2)[0];
        var known = _root.Options.Select(o => o.Name).Concat(_root.Subcommands.Select(c => c.Name));
        var hint = NearestName.Find(name, known) is { } nearest ? $" Did you mean {nearest}?" : "";
        return $"Unknown argument '{token}'.{hint} Settings are overridden as --Section:Key=value, e.g. --Sweep:Training:Epochs=500.";
    }
}
