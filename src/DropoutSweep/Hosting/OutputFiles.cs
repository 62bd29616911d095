using System.Reflection;
using DropoutSweep.Core.Results;

namespace DropoutSweep.Hosting;

/// <summary>The files a sweep writes into its output folder, and the one place that creates or clears them.</summary>
internal static class OutputFiles
{
    /// <summary>Every file a sweep writes; <c>--restart</c> removes these and nothing else.</summary>
    public static IReadOnlyList<string> All { get; } =
        [PlanFile.FileName, TrialJournal.FileName, .. SweepReport.FileNames, SweepLogging.LogFileName];

    /// <summary>
    /// Creates the output folder, discards another plan's files (<c>--restart</c>) and writes plan.json (atomically),
    /// so that a folder holding a journal always says which plan it belongs to. Runs only after validation.
    /// </summary>
    public static void Prepare(PreparedSweep sweep)
    {
        Directory.CreateDirectory(sweep.OutputDirectory);
        foreach (var file in sweep.FilesToDiscard)
        {
            File.Delete(file);
        }

        PlanFile.Write(sweep.OutputDirectory, sweep.Plan, ToolVersion);
    }

    /// <summary>The tool's version as <c>--version</c> prints it.</summary>
    public static string ToolVersion { get; } =
        typeof(OutputFiles).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The sweep files present in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Existing(string folder) =>
        All.Select(name => Path.Combine(folder, name)).Where(File.Exists).ToList();
}
