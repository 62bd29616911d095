using System.Text;

namespace DropoutSweep.Core.Results;

/// <summary>
/// Writes a file so that readers (and a crash) only ever see the old or the new whole file: the content goes to a
/// temporary file in the same folder, is flushed to disk, then renamed over the target (an atomic replace on one file system).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>, atomically.</summary>
    public static void WriteAllText(string path, string content) =>
        Write(path, stream =>
        {
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content);
            stream.Write(bytes);
        });

    /// <summary>Lets <paramref name="write"/> fill a temporary file, then replaces <paramref name="path"/> with it. If <paramref name="write"/> throws, the target is untouched.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            // Only left behind when writing or renaming failed; the exception goes on to the caller.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
