using System.Runtime.InteropServices;

namespace DropoutSweep.Core.Results;

/// <summary>
/// Forces a folder's entries to disk (fsync of the folder itself). A rename is durable only once the folder that holds
/// it is synced: without this, a power cut after <see cref="AtomicFile"/> returned could bring back the old file.
/// </summary>
public static partial class FolderSync
{
    private const int ReadOnly = 0; // O_RDONLY: a folder opens read-only, and fsync works on such a descriptor

    /// <summary>Syncs <paramref name="folder"/>; throws <see cref="IOException"/> naming it when the system refuses.</summary>
    public static void Flush(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals the rename itself, and Windows has no way to sync a folder
        }

        var descriptor = Open(folder, ReadOnly);
        if (descriptor < 0)
        {
            throw Failure(folder);
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw Failure(folder);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // Worded like .NET's own I/O errors: the system's message, then the path.
    private static IOException Failure(string folder) =>
        new($"{Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())} : '{folder}'");

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
