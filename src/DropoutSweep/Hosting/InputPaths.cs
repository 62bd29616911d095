namespace DropoutSweep.Hosting;

/// <summary>
/// Where input files are found: an absolute path is used as is; a relative one resolves against the current folder
/// first, then against the executable's folder, which carries copies of <c>appsettings.json</c> and <c>config/</c>.
/// So <c>dotnet run</c> from the repository uses the files users edit there, and <c>dotnet path/to/dropout-sweep.dll</c>
/// started anywhere else still finds the shipped ones. Output paths (<c>--out</c>) never use this rule.
/// </summary>
internal static class InputPaths
{
    /// <summary>The places a path is looked for, in order.</summary>
    public static IReadOnlyList<string> Candidates(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return [Path.GetFullPath(path)];
        }

        var inCurrentFolder = Path.GetFullPath(path, Environment.CurrentDirectory);
        var inExecutableFolder = Path.GetFullPath(path, AppContext.BaseDirectory);
        return inCurrentFolder == inExecutableFolder ? [inCurrentFolder] : [inCurrentFolder, inExecutableFolder];
    }

    /// <summary>The absolute path of the first existing file among <see cref="Candidates"/>, or null.</summary>
    public static string? FindFile(string path) => Candidates(path).FirstOrDefault(File.Exists);

    /// <summary>Where a file that was found nowhere was looked for: <c>(looked in '/a/x.json' and '/b/x.json')</c>.</summary>
    public static string LookedIn(string path) =>
        $"(looked in {string.Join(" and ", Candidates(path).Select(c => $"'{c}'"))})";
}
