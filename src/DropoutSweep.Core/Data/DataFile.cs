namespace DropoutSweep.Core.Data;

/// <summary>Opens a data set's input file for one sequential read; a missing or unreadable file names its setting.</summary>
internal static class DataFile
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Opens <paramref name="path"/> (relative to the current folder) for reading, or throws <see cref="DatasetException"/> naming <c>Dataset.<paramref name="setting"/></c>.</summary>
    public static FileStream Open(string setting, string path)
    {
        var fullPath = Path.GetFullPath(path);
        try
        {
            return new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetException($"Dataset.{setting}: file not found: {fullPath}", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Dataset.{setting}: cannot read {fullPath}: {error.Message}", error);
        }
    }
}
