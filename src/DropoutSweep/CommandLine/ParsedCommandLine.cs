using System.CommandLine;
using System.CommandLine.Help;
using DropoutSweep.Cluster;

namespace DropoutSweep.CommandLine;

/// <summary>
/// The outcome of parsing the arguments: a command to run with its arguments, a built-in action to invoke
/// (<c>--help</c>, <c>--version</c>), or the problems to report (exit code 2).
/// </summary>
internal sealed class ParsedCommandLine
{
    private readonly ParseResult _result;

    public ParsedCommandLine(ParseResult result, IReadOnlyList<string> problems)
    {
        _result = result;
        Problems = problems;
    }

    /// <summary>Set when the <c>run</c> command (or no command) was given and the arguments are valid.</summary>
    public RunArguments? Run { get; init; }

    /// <summary>Set when the <c>worker</c> command was given and its arguments are valid.</summary>
    public WorkerArguments? Worker { get; init; }

    /// <summary>One clear message per problem; empty when the arguments are valid.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>What the matched command does with its arguments; null for System.CommandLine's own actions.</summary>
    public Func<Task<int>>? Handler { get; init; }

    /// <summary>Runs the command (or System.CommandLine's help or version) and returns its exit code.</summary>
    public Task<int> InvokeAsync() =>
        Handler is { } handler ? handler()
        : _result.Action is HelpAction ? Task.FromResult(HelpText.Write(_result, Console.Out))
        : Task.FromResult(_result.Invoke());
}
