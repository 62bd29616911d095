using System.CommandLine;
using DropoutSweep.Cluster;

namespace DropoutSweep.CommandLine;

/// <summary>
/// The outcome of parsing the arguments: a sweep to run, a built-in action to invoke (<c>--help</c>, <c>--version</c>),
/// or the problems to report (exit code 2).
/// </summary>
internal sealed class ParsedCommandLine
{
    private readonly ParseResult _result;

    public ParsedCommandLine(ParseResult result, RunArguments? run, IReadOnlyList<string> problems)
    {
        _result = result;
        Run = run;
        Problems = problems;
    }

    /// <summary>Set when the <c>run</c> command (or no command) was given and the arguments are valid.</summary>
    public RunArguments? Run { get; }

    /// <summary>Set when the <c>worker</c> command was given and its arguments are valid.</summary>
    public WorkerArguments? Worker { get; init; }

    /// <summary>One clear message per problem; empty when the arguments are valid.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Runs System.CommandLine's own action (help or version) and returns its exit code.</summary>
    public int InvokeBuiltIn() => _result.Invoke();
}
