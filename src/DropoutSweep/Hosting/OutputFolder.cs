using System.Runtime.InteropServices;
using DropoutSweep.Core.Results;

namespace DropoutSweep.Hosting;

/// <summary>
/// The folder the report files go into. It is checked without touching anything (no probe file, no folder created),
/// because invalid input must leave the output folder exactly as it was; it is created only once everything is valid.
/// </summary>
internal static partial class OutputFolder
{
    private const int WriteAndSearch = 2 | 1; // W_OK | X_OK: create entries in the folder and reach them

    /// <summary>The absolute output folder: <c>--out</c> relative to the current folder, else <c>results/&lt;name&gt;</c>.</summary>
    public static string Resolve(string? outArgument, string sweepName) =>
        Path.GetFullPath(outArgument ?? Path.Combine("results", sweepName), Environment.CurrentDirectory);

    /// <summary>Null when <paramref name="folder"/> exists and is writable, or could be created; otherwise why not.</summary>
    public static string? Problem(string folder)
    {
        if (File.Exists(folder))
        {
            return $"--out = '{folder}': is a file, not a folder.";
        }

        // The folder itself, or the nearest ancestor that exists, is the one that must accept new entries.
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null)
            {
                return $"--out = '{folder}': no part of the path exists.";
            }

            if (File.Exists(parent))
            {
                return $"--out = '{folder}': '{parent}' is a file, not a folder.";
            }

            existing = parent;
        }

        return IsWritable(existing)
            ? null
            : existing == folder
                ? $"--out = '{folder}': the folder is not writable."
                : $"--out = '{folder}': cannot be created, '{existing}' is not writable.";
    }

    /// <summary>True when <paramref name="folder"/> holds a plan file (ours, or one that claims to be).</summary>
    public static bool HoldsPlan(string folder) => File.Exists(Path.Combine(folder, PlanFile.FileName));

    /// <summary>
    /// Null unless <paramref name="folder"/> holds files the sweep writes (results.csv, ...) but no plan of ours: those
    /// are someone else's, or of a sweep that never started, and would be overwritten without a word. Other files (a
    /// README, .gitkeep) are fine. <c>--force</c> allows it.
    /// </summary>
    public static string? ForeignFilesProblem(string folder)
    {
        if (HoldsPlan(folder))
        {
            return null;
        }

        var ours = OutputFiles.Existing(folder).Select(file => Path.GetRelativePath(folder, file)).ToList();
        return ours.Count == 0
            ? null
            : $"--out = '{folder}': holds {string.Join(", ", ours)} but no {PlanFile.FileName}, so no sweep of this tool wrote them; the sweep would overwrite them. Use another --out, or --force to overwrite them.";
    }

    private static bool IsWritable(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            // access(2) asks the kernel with the process's real permissions (root, ACLs, read-only mounts included).
            return Access(folder, WriteAndSearch) == 0;
        }

        var attributes = File.GetAttributes(folder);
        return (attributes & FileAttributes.ReadOnly) == 0;
    }

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
