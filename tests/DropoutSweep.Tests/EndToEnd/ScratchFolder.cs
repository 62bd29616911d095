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

    // Every process a test starts has exited by now (SweepProcess waits for the ones it kills).
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
