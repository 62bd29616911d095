using System.Diagnostics;
using DropoutSweep.Cluster;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace DropoutSweep.Hosting;

/// <summary>
/// Runs a prepared sweep on the node host (<see cref="NodeHost"/>): creates the output folder, starts Serilog and the
/// actor system, waits until the sweep completes, fails or the user interrupts it, stops the host (which flushes a
/// partial report), and returns the exit code. A sweep whose every trial is already in the journal, with its report, is
/// not started at all: every file but the log stays as it is. An I/O error on the output folder ends with one line naming
/// the file and the system's message, and exit 1.
/// </summary>
internal static class SweepHost
{
    public static async Task<int> RunAsync(PreparedSweep sweep)
    {
        var run = sweep.Run;
        var alreadyComplete = run.RemainingTrials().Count == 0 && OutputFiles.HasReport(run.OutputDirectory);
        if (!alreadyComplete)
        {
            try
            {
                OutputFiles.Prepare(sweep);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return OutputFailure(error);
            }
        }

        Log.Logger = SweepLogging.Create(sweep.Configuration.Configuration, run.OutputDirectory);
        int exitCode;
        try
        {
            exitCode = alreadyComplete ? SweepConsole.AlreadyComplete(sweep) : await RunHostAsync(sweep);
        }
        catch (Exception ex)
        {
            Log.Fatal(ex, "The sweep stopped on an internal error");
            exitCode = ExitCodes.InternalError;
        }

        try
        {
            await Log.CloseAndFlushAsync();
        }
        catch (IOException error)
        {
            // The log sink writes the log file into the output folder; it reports a full disk when it is closed.
            exitCode = OutputFailure(new OutputFileException(Path.Combine(run.OutputDirectory, SweepLogging.LogFileName), error));
        }

        return exitCode;
    }

    private static async Task<int> RunHostAsync(PreparedSweep sweep)
    {
        var completion = new SweepCompletion();
        using var interrupts = new InterruptSignals(stopping: "no new trials, running trials cancelled, partial report");
        using var host = NodeHost.Build(
            sweep.Configuration.Configuration,
            services => services.AddSingleton(completion),
            (akka, _) => akka.WithSweep(sweep.Run, sweep.Cluster));
        SweepConsole.Started(sweep);
        var clock = Stopwatch.StartNew();
        var outcome = await NodeHost.RunAsync(host, completion.Task, interrupts);
        return SweepConsole.Finished(sweep, outcome, interrupts.Received, clock.Elapsed);
    }

    // One line, no stack trace: which file, and what the system said.
    private static int OutputFailure(Exception error)
    {
        Console.Error.WriteLine($"dropout-sweep: {(error is OutputFileException ? error.Message : $"cannot write the output folder: {error.Message}")}");
        return ExitCodes.InternalError;
    }
}
