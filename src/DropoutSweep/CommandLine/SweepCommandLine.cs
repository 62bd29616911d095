using System.CommandLine;
using System.CommandLine.Invocation;
using DropoutSweep.Cluster;
using DropoutSweep.Options;

namespace DropoutSweep.CommandLine;

/// <summary>
/// The <c>dropout-sweep</c> command line: <c>run</c> (the default command) with its options, <c>--help</c> and
/// <c>--version</c>. Tokens it does not know are configuration overrides (<c>--Sweep:Training:Epochs=500</c>) when their
/// key names a configuration path, and errors otherwise. The cluster's options (<c>--listen</c>, <c>--public-host</c>,
/// <c>--coordinator-only</c>) and the <c>worker</c> command come from <see cref="ClusterCommandLine"/>.
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

    private readonly Option<int?> _parallelism = new("--parallelism")
    {
        Description = "Trials trained side by side, N >= 1 [default: Sweep:MaxParallelism, where 0 means one per core].",
        HelpName = "N",
    };

    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "Validate, print the number of trials, the first rows of the plan and an estimated duration; run and create nothing.",
    };

    private readonly Option<bool> _restart = new("--restart")
    {
        Description = "Discard the journal of a different plan found in the output folder instead of refusing to run.",
    };

    private readonly ClusterCommandLine _cluster = new();

    private readonly RootCommand _root;
    private readonly CommandLineAction[] _runActions;

    public SweepCommandLine()
    {
        _parallelism.CustomParser = OptionChecks.Parallelism;

        var run = new Command("run", "Run a sweep (the default command).") { TreatUnmatchedTokensAsErrors = false };
        _root = new RootCommand(
            "Finds the best dropout rate, L2 penalty and learning rate by training many small networks in parallel.\n" +
            "Any setting can be overridden as --Sweep:Training:Epochs=500 (or DROPOUTSWEEP_Sweep__Training__Epochs=500).\n" +
            "Exit codes: 0 sweep completed, 1 internal error, 2 invalid configuration or arguments, 130 interrupted.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };

        // The options belong to both: `dropout-sweep --config x.json` is `dropout-sweep run --config x.json`.
        foreach (var command in new Command[] { _root, run })
        {
            command.Options.Add(_config);
            command.Options.Add(_out);
            command.Options.Add(_parallelism);
            command.Options.Add(_dryRun);
            command.Options.Add(_restart);
            _cluster.AddRunOptions(command);
        }

        _root.Subcommands.Add(run);
        _root.Subcommands.Add(_cluster.Worker);
        _root.Subcommands.Add(new CertCommand().Command);

        // The run itself happens outside System.CommandLine (the host owns Ctrl+C); these actions only mark "run".
        _root.SetAction(_ => 0);
        run.SetAction(_ => 0);
        _runActions = [_root.Action!, run.Action!, _cluster.Worker.Action!];
    }

    /// <summary>Parses <paramref name="args"/> into a sweep to run, a built-in action, or problems.</summary>
    public ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = _root.Parse(args);
        var problems = result.Errors.Select(e => e.Message).ToList();
        // Any other action is System.CommandLine's own: help or version (its error report is handled as problems).
        if (!_runActions.Contains(result.Action) && result.Action is not ParseErrorAction && problems.Count == 0)
        {
            return new ParsedCommandLine(result, run: null, problems);
        }

        var overrides = ParseOverrides(result.UnmatchedTokens, problems);
        if (problems.Count > 0)
        {
            return new ParsedCommandLine(result, run: null, problems);
        }

        if (_cluster.IsWorker(result))
        {
            return new ParsedCommandLine(result, run: null, problems) { Worker = _cluster.WorkerArguments(result, overrides) };
        }

        var run = new RunArguments
        {
            ConfigFile = result.GetValue(_config),
            OutputDirectory = result.GetValue(_out),
            Parallelism = result.GetValue(_parallelism),
            DryRun = result.GetValue(_dryRun),
            Restart = result.GetValue(_restart),
            Overrides = _cluster.RunSettings(result).Concat(overrides).ToList(),
        };
        return new ParsedCommandLine(result, run, problems);
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
