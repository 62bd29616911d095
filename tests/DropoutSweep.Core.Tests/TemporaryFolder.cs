namespace DropoutSweep.Core.Tests;

/// <summary>A fresh folder under the system's temp folder for one test, deleted with everything in it afterwards.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
