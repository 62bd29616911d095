using System.Runtime.InteropServices;

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
