using System.Diagnostics;
using DropoutSweep.Cluster;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine;
using DropoutSweep.Progress;
using Akka.Hosting;
using Spectre.Console;
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
    public static async Task<int> RunAsync(PreparedSweep sweep, ProgressDisplay display, IAnsiConsole terminal)
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

        Log.Logger = SweepLogging.Create(sweep.Configuration.Configuration, run.OutputDirectory, ansiColours: display == ProgressDisplay.Live);
        int exitCode;
        try
        {
            exitCode = alreadyComplete ? SweepConsole.AlreadyComplete(sweep) : await RunHostAsync(sweep, display, terminal);
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

    private static async Task<int> RunHostAsync(PreparedSweep sweep, ProgressDisplay display, IAnsiConsole terminal)
    {
        var completion = new SweepCompletion();
        var progress = new SweepProgress(sweep.Run, TimeProvider.System);
        using var interrupts = new InterruptSignals(stopping: "no new trials, running trials cancelled, partial report");
        using var host = NodeHost.Build(
            sweep.Configuration.Configuration,
            services => services.AddSingleton(completion),
            (akka, _) =>
            {
                // The listener subscribes before the sweep's actors start, so it misses no trial.
                if (display != ProgressDisplay.Off)
                {
                    akka.WithActors((system, _) =>
                    {
                        var listener = system.ActorOf(ProgressListener.Props(progress), "progress");
                        foreach (var type in ProgressListener.Events)
                        {
                            system.EventStream.Subscribe(listener, type);
                        }
                    });
                }

                akka.WithSweep(sweep.Run, sweep.Cluster);
            });
        SweepConsole.Started(sweep);
        var clock = Stopwatch.StartNew();
        SweepOutcome? outcome;
        await using (ProgressView.Start(display, progress, terminal))
        {
            outcome = await NodeHost.RunAsync(host, completion.Task, interrupts);
        }

        return SweepConsole.Finished(sweep, outcome, interrupts.Received, clock.Elapsed);
    }

    // One line, no stack trace: which file, and what the system said.
    private static int OutputFailure(Exception error)
    {
        Console.Error.WriteLine($"dropout-sweep: {(error is OutputFileException ? error.Message : $"cannot write the output folder: {error.Message}")}");
        return ExitCodes.InternalError;
    }
}
