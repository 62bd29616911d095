using DropoutSweep.CommandLine;
using DropoutSweep.Hosting;

// dropout-sweep: read the command line (SweepCommandLine declares every command), then run the command it names. Main
// returns the exit code itself (ExitCodes): 0 completed, 1 internal error or an output file that cannot be written,
// 2 invalid configuration or arguments, 130 interrupted.
try
{
    var commandLine = new SweepCommandLine().Parse(args);
    return commandLine.Problems.Count > 0
        ? Problems.Report(commandLine.Problems)
        : await commandLine.InvokeAsync();
}
catch (Exception ex)
{
    // A bug, not bad input: say so with the stack trace (invalid input never gets here).
    await Console.Error.WriteLineAsync($"dropout-sweep: internal error: {ex}");
    return ExitCodes.InternalError;
}
