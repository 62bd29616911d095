using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// Reads the <c>Sweep</c> object of a sweep file's JSON tree (with the override layers already laid over it, see
/// <see cref="SettingsTree"/>) through the catalogue into <see cref="SweepOptions"/>, in one pass that collects every
/// problem: wrong types, unknown keys (with the nearest known name), then the catalogue's ranges and rules.
/// </summary>
public static class SweepReader
{
    /// <summary>Reads <paramref name="sweep"/>, the value of the tree's <c>Sweep</c> key (null when there is none).</summary>
    public static SweepOptionsReading Read(JsonNode? sweep)
    {
        var problems = new List<SettingProblem>();
        if (SettingText.IsUnset(sweep))
        {
            problems.Add(new SettingProblem(
                SweepSettings.Root, "missing: give a sweep file with a top-level \"Sweep\" object (--config FILE)"));
            return new SweepOptionsReading(new SweepOptions(), problems);
        }

        var options = SweepSettings.Section.Read(sweep, SweepSettings.Root, problems);
        var unreadable = problems.ToList();

        // A setting that could not be read keeps its default; checking that default again would only repeat the problem.
        problems.AddRange(SweepValidator.Validate(options).Where(p => !unreadable.Any(r => Overlaps(r.Path, p.Path))));
        return new SweepOptionsReading(options, problems);
    }

    private static bool Overlaps(string a, string b) => IsWithin(a, b) || IsWithin(b, a);

    private static bool IsWithin(string path, string ancestor) =>
        path.StartsWith(ancestor, StringComparison.OrdinalIgnoreCase)
        && (path.Length == ancestor.Length || path[ancestor.Length] is ':' or '[');
}
