using Xunit;

[assembly: AssemblyFixture(typeof(DropoutSweep.Engine.Tests.TemporaryFolders))]

namespace DropoutSweep.Engine.Tests;

/// <summary>
/// Every temporary folder the specs create (output folders of their sweeps, data files) lives under one root, which is
/// deleted with everything in it when the test run ends (an assembly fixture: after the last spec, whose hosts have
/// stopped by then).
/// </summary>
public sealed class TemporaryFolders : IDisposable
{
    private static readonly Lazy<string> s_root = new(() => Directory.CreateTempSubdirectory("dropout-sweep-engine-specs-").FullName);

    /// <summary>A new, empty folder under the run's root.</summary>
    public static string Create(string prefix) =>
        Directory.CreateDirectory(Path.Combine(s_root.Value, $"{prefix}{Guid.NewGuid():N}")).FullName;

    public void Dispose()
    {
        if (s_root.IsValueCreated)
        {
            Directory.Delete(s_root.Value, recursive: true);
        }
    }
}
