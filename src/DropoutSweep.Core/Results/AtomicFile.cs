using System.Text;

namespace DropoutSweep.Core.Results;

/// <summary>
/// Writes a file so that readers (and a crash) only ever see the old or the new whole file: the content goes to a
/// temporary file in the same folder, is flushed to disk, renamed over the target (an atomic replace on one file system),
/// and the folder is synced so that the rename itself survives a power cut. A failure is never hidden by the clean-up
/// after it: the caller gets the first error, as an <see cref="OutputFileException"/> naming the target when it is an I/O error.
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

    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary file, then replaces <paramref name="path"/> with it. If anything
    /// fails, the target is untouched (or already whole and new, when only the folder sync failed) and the temporary file
    /// is removed. I/O errors come as <see cref="OutputFileException"/> (the error itself inside); others as they were thrown.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            // Unbuffered: every byte reaches the system in write() or in the flush below, so disposing the stream has
            // nothing left to write, and cannot fail (a full disk) over an exception thrown before it.
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
            FolderSync.Flush(folder);
        }
        catch (Exception error)
        {
            RemoveTemporary(temporary, error);
            if (error is (IOException and not OutputFileException) or UnauthorizedAccessException)
            {
                throw new OutputFileException(fullPath, error);
            }

            throw;
        }
    }

    // The first error is the one the caller needs; one from removing the temporary file is recorded beside it, not thrown.
    private static void RemoveTemporary(string temporary, Exception error)
    {
        try
        {
            File.Delete(temporary); // no error when it does not exist (renamed already, or never created)
        }
        catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
        {
            error.Data["AtomicFile.TemporaryFileLeft"] = $"{temporary}: {cleanup.Message}";
        }
    }
}
