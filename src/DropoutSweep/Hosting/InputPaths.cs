namespace DropoutSweep.Hosting;

/// <summary>
/// Where input files are found. The tool's own folder (<see cref="ToolFolder"/>: the build output, or the install folder
/// of the .NET tool) carries <c>appsettings.json</c> and the shipped sweeps in <c>config/</c>.
/// <list type="bullet">
/// <item><c>appsettings.json</c> is always the tool's own (<see cref="AppSettingsFile"/>), never one in the current folder:
/// run inside another project's folder, the tool does not load that project's settings. Host settings are overridden by a
/// sweep file's own <c>Serilog</c>/<c>Akka</c>/<c>Cluster</c> sections, <c>DROPOUTSWEEP_</c> variables or <c>--Section:Key=value</c>.</item>
/// <item>A path written in a file is relative to that file's folder first: <c>DefaultSweep</c> in appsettings.json (the
/// tool's folder only), and a sweep file's data paths (its folder, then the current folder, then the tool's folder).</item>
/// <item>A path typed on the command line (<c>--config</c>, <c>--tls</c>) is relative to the current folder, then the
/// tool's folder, so <c>--config config/quick.json</c> finds the shipped example from anywhere.</item>
/// </list>
/// An absolute path is used as is. Output paths (<c>--out</c>) never use these rules: they are relative to the current folder.
/// </summary>
internal static class InputPaths
{
    /// <summary>The tool's own folder: where its assemblies, <c>appsettings.json</c> and <c>config/</c> are.</summary>
    public static string ToolFolder { get; } = Path.GetFullPath(AppContext.BaseDirectory);

    /// <summary>The tool's <c>appsettings.json</c>, the only one it reads.</summary>
    public static string AppSettingsFile { get; } = Path.Combine(ToolFolder, "appsettings.json");

    /// <summary>
    /// The places a path is looked for, in order: beside <paramref name="besideFile"/> when the path was written in that
    /// file, then (unless <paramref name="onlyBeside"/>) the current folder and the tool's folder; no place twice.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string path, string? besideFile = null, bool onlyBeside = false)
    {
        if (Path.IsPathRooted(path))
        {
            return [Path.GetFullPath(path)];
        }

        var folders = new List<string>();
        if (besideFile is not null)
        {
            folders.Add(Path.GetDirectoryName(Path.GetFullPath(besideFile))!);
        }

        if (!onlyBeside)
        {
            folders.Add(Environment.CurrentDirectory);
            folders.Add(ToolFolder);
        }

        return [.. folders.Select(folder => Path.GetFullPath(path, folder)).Distinct()];
    }

    /// <summary>The absolute path of the first existing file among <see cref="Candidates"/>, or null.</summary>
    public static string? FindFile(string path, string? besideFile = null, bool onlyBeside = false) =>
        Candidates(path, besideFile, onlyBeside).FirstOrDefault(File.Exists);

    /// <summary>Where a file that was found nowhere was looked for: <c>(looked in '/a/x.json' and '/b/x.json')</c>.</summary>
    public static string LookedIn(string path, string? besideFile = null, bool onlyBeside = false) =>
        $"(looked in {string.Join(" and ", Candidates(path, besideFile, onlyBeside).Select(c => $"'{c}'"))})";
}
