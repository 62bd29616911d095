namespace DropoutSweep.Tests.EndToEnd;

/// <summary>A fresh working folder for one test's process, deleted afterwards.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = Directory.CreateTempSubdirectory("dropout-sweep-e2e-").FullName;
    }

    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Every file under <paramref name="folder"/> with its size and last write time, to prove nothing changed.</summary>
    public static IReadOnlyDictionary<string, (long Length, DateTime Written)> Snapshot(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(p => p, p => File.Exists(p) ? (new FileInfo(p).Length, File.GetLastWriteTimeUtc(p)) : (-1L, Directory.GetLastWriteTimeUtc(p)))
            : new Dictionary<string, (long, DateTime)>();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test killed may still hold a file for a moment; the OS temp cleaner takes the rest.
        }
    }
}
