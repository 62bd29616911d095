using DropoutSweep.Core.Results;
using DropoutSweep.Engine;
using Serilog;

namespace DropoutSweep.Hosting;

/// <summary>
/// The host's own log lines around the engine's (which log the start line, the resume state, per-trial lines, progress,
/// the ranked table and where the report is): journal warnings, how to resume, an internal error; and the exit code.
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

    /// <summary>Logs how the sweep ended and returns the exit code.</summary>
    public static int Finished(PreparedSweep sweep, SweepOutcome? outcome, bool interrupted, TimeSpan elapsed)
    {
        if (outcome?.Error is { } error)
        {
            Log.Error("Sweep {SweepName} stopped on an internal error after {Elapsed}: {Error}", sweep.Plan.Options.Name, elapsed, error);
            return ExitCodes.InternalError;
        }

        // The engine has logged the summary, the ranked table and where the report is.
        if (outcome is { Complete: true })
        {
            return ExitCodes.Completed;
        }

        if (interrupted)
        {
            Log.Warning("Run the same command again to resume: finished trials are kept in {Journal}", Path.Combine(sweep.OutputDirectory, TrialJournal.FileName));
            return ExitCodes.Interrupted;
        }

        Log.Error("Sweep {SweepName}: the actor system stopped before the sweep completed", sweep.Plan.Options.Name);
        return ExitCodes.InternalError;
    }
}
