using DropoutSweep.CommandLine;
using DropoutSweep.Progress;

namespace DropoutSweep.Hosting;

/// <summary>
/// The <c>run</c> command: validates every input before anything is created (<see cref="SweepSetup"/>), then shows the
/// plan (<c>--dry-run</c>) or runs the sweep (<see cref="SweepHost"/>).
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(RunArguments run)
    {
        var problems = new List<string>();
        var sweep = SweepSetup.Prepare(run, problems);
        if (sweep is null)
        {
            return Problems.Report(problems);
        }

        if (run.DryRun)
        {
            return DryRun.Print(sweep, Console.Out);
        }

        var terminal = ProgressView.Terminal();
        var display = ProgressView.Choose(run.Quiet, run.NoProgress, terminal);
        return await SweepHost.RunAsync(sweep with { Run = Reporting(sweep.Run, display) }, display, terminal);
    }

    // A display needs a snapshot of each trial every half second or so, whatever its epochs take; without one, none is sent.
    private static Engine.SweepRun Reporting(Engine.SweepRun run, ProgressDisplay display) =>
        display == ProgressDisplay.Off
            ? run with { ProgressEvery = 0 }
            : run with { ProgressEvery = 1, ProgressInterval = TimeSpan.FromMilliseconds(500) };
}
