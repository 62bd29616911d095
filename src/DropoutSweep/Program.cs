using DropoutSweep.Cluster;
using DropoutSweep.CommandLine;
using DropoutSweep.Hosting;

// dropout-sweep: read the command line, validate every input before anything is created, then either show the plan
// (--dry-run) or run the sweep under the generic host. Main returns the exit code itself (ExitCodes): 0 completed,
// 1 internal error, 2 invalid configuration or arguments, 130 interrupted.
try
{
    var commandLine = new SweepCommandLine().Parse(args);
    if (commandLine.Problems.Count > 0)
    {
        return Problems.Report(commandLine.Problems);
    }

    if (commandLine.Worker is { } worker)
    {
        return await WorkerHost.RunAsync(worker);
    }

    if (commandLine.Run is not { } run)
    {
        return commandLine.InvokeBuiltIn();
    }

    var problems = new List<string>();
    var sweep = SweepSetup.Prepare(run, problems);
    if (sweep is null)
    {
        return Problems.Report(problems);
    }

    return run.DryRun
        ? DryRun.Print(sweep, Console.Out)
        : await SweepHost.RunAsync(sweep);
}
catch (Exception ex)
{
    // A bug, not bad input: say so with the stack trace (invalid input never gets here).
    await Console.Error.WriteLineAsync($"dropout-sweep: internal error: {ex}");
    return ExitCodes.InternalError;
}
