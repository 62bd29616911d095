using System.Reflection;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Scheduling;

namespace DropoutSweep.Hosting;

/// <summary>The files a sweep writes into its output folder, and the one place that creates or clears them.</summary>
internal static class OutputFiles
{
    /// <summary>The report files, rewritten from the results whenever the report is written.</summary>
    public static IReadOnlyList<string> Report { get; } = SweepReport.FileNames;

    /// <summary>
    /// Every file a sweep writes. <c>--restart</c> removes these and nothing else; a folder holding any of them without a
    /// plan of ours is refused unless <c>--force</c> (<see cref="OutputFolder.ForeignFilesProblem"/>).
    /// </summary>
    public static IReadOnlyList<string> All { get; } =
        [PlanFile.FileName, TrialJournal.FileName, RungJournal.FileName, .. Report, ModelFile.BestModelFileName, SweepLogging.LogFileName];

    /// <summary>
    /// Creates the output folder, discards the files of another plan or of no plan (<c>--restart</c>, <c>--force</c>) and
    /// writes plan.json (atomically), so that a folder holding a journal always says which plan it belongs to. Runs only
    /// after validation. An I/O error comes as an <see cref="IOException"/> (an <see cref="OutputFileException"/> naming
    /// the file where one file failed).
    /// </summary>
    public static void Prepare(PreparedSweep sweep)
    {
        Directory.CreateDirectory(sweep.Run.OutputDirectory);
        foreach (var file in sweep.FilesToDiscard)
        {
            File.Delete(file);
        }

        PlanFile.Write(sweep.Run.OutputDirectory, sweep.Run.Plan, ToolVersion);
    }

    /// <summary>True when every report file is in <paramref name="folder"/>.</summary>
    public static bool HasReport(string folder) => Report.All(name => File.Exists(Path.Combine(folder, name)));

    /// <summary>The tool's version as <c>--version</c> prints it.</summary>
    public static string ToolVersion { get; } =
        typeof(OutputFiles).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The sweep files present in <paramref name="folder"/>, the report's chart images in <c>charts/</c> and the checkpoints of paused trials included.</summary>
    public static IReadOnlyList<string> Existing(string folder) =>
        [.. All.Select(name => Path.Combine(folder, name)).Where(File.Exists), .. HtmlReport.ExistingCharts(folder), .. CheckpointFolder.Files(folder)];
}
