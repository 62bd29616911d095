using DropoutSweep.Core.Results;
using DropoutSweep.Engine;
using Serilog;

namespace DropoutSweep.Hosting;

/// <summary>
/// The host's own log lines around the engine's (which log the start line, the resume state, per-trial lines, progress,
/// the ranked table and where the report is): journal warnings, a sweep already complete, how to resume, the error a
/// sweep stopped on; and the exit code.
/// </summary>
internal static class SweepConsole
{
    public static void Started(PreparedSweep sweep)
    {
        foreach (var warning in sweep.JournalWarnings)
        {
            Log.Warning("Journal: {Warning}", warning);
        }
    }

    /// <summary>A sweep whose every trial is in the journal, with its report: nothing to run, nothing rewritten.</summary>
    public static int AlreadyComplete(PreparedSweep sweep)
    {
        Started(sweep);
        var run = sweep.Run;
        Log.Information(
            "Sweep {SweepName} is already complete: {Finished}/{Trials} trials in {Journal}; the report is in {OutputDirectory} (nothing was run; --restart runs it again)",
            run.Plan.Options.Name, run.FinishedTrials().Count, run.Plan.Trials.Count, Journal(sweep), run.OutputDirectory);
        return ExitCodes.Completed;
    }

    /// <summary>Logs how the sweep ended and returns the exit code.</summary>
    public static int Finished(PreparedSweep sweep, SweepOutcome? outcome, bool interrupted, TimeSpan elapsed)
    {
        var name = sweep.Run.Plan.Options.Name;
        if (outcome?.Error is { } error)
        {
            // One line: what failed, and that nothing finished is lost.
            Log.Error("Sweep {SweepName} stopped after {Elapsed:hh\\:mm\\:ss}: {Error}. Finished trials are kept in {Journal}: run the same command again to resume", name, elapsed, error, Journal(sweep));
            return ExitCodes.InternalError;
        }

        // The engine has logged the summary, the ranked table and where the report is.
        if (outcome is { Complete: true })
        {
            return ExitCodes.Completed;
        }

        if (interrupted)
        {
            Log.Warning("Run the same command again to resume: finished trials are kept in {Journal}", Journal(sweep));
            return ExitCodes.Interrupted;
        }

        Log.Error("Sweep {SweepName}: the actor system stopped before the sweep completed", name);
        return ExitCodes.InternalError;
    }

    private static string Journal(PreparedSweep sweep) => Path.Combine(sweep.Run.OutputDirectory, TrialJournal.FileName);
}
