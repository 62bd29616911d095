using DropoutSweep.CommandLine;

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

        return run.DryRun ? DryRun.Print(sweep, Console.Out) : await SweepHost.RunAsync(sweep);
    }
}
