using DropoutSweep.Core.Settings;

namespace DropoutSweep.Options;

/// <summary>
/// The top-level sections of the tool's configuration. A key outside them (<c>--Training:Epochs=5</c>, with <c>Sweep:</c>
/// forgotten) is read by nobody, so it is an error, with the key the user probably meant.
/// </summary>
public static class ConfigurationRoots
{
    /// <summary>
    /// <c>Sweep</c> (the sweep), <c>DefaultSweep</c> (the sweep file run without <c>--config</c>), <c>Serilog</c>,
    /// <c>Akka</c>, <c>Cluster</c>, and <c>$schema</c> (a JSON Schema reference in a sweep file, for editors).
    /// </summary>
    public static IReadOnlyList<string> Known { get; } = [SweepSettings.Root, "DefaultSweep", "Serilog", "Akka", "Cluster", "$schema"];

    /// <summary>True when <paramref name="key"/> (<c>Sweep:Training:Epochs</c>) lies in a known section.</summary>
    public static bool IsKnown(string key) =>
        Known.Any(root => string.Equals(root, FirstPart(key), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Null when <paramref name="key"/> lies in a known section; otherwise the problem, as <paramref name="where"/>
    /// names the key's origin and <paramref name="spell"/> writes a key the way the user types it there
    /// (<c>--Training:Epochs: unknown section 'Training' — did you mean --Sweep:Training:Epochs?</c>).
    /// </summary>
    public static string? Problem(string key, string where, Func<string, string> spell)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(spell);
        if (IsKnown(key))
        {
            return null;
        }

        var first = FirstPart(key);
        return Suggest(key) is { } meant
            ? $"{where}: unknown section '{first}' — did you mean {spell(meant)}?"
            : $"{where}: unknown section '{first}'; the known sections are {string.Join(", ", Known)}";
    }

    /// <summary>
    /// The key <paramref name="key"/> was probably meant to be: under <c>Sweep</c> when its first part is a key of the
    /// <c>Sweep</c> section (<c>Training:Epochs</c> → <c>Sweep:Training:Epochs</c>), or with its first part replaced
    /// by the nearest known section (<c>Swep:Seed</c> → <c>Sweep:Seed</c>); null when neither.
    /// </summary>
    public static string? Suggest(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var first = FirstPart(key);
        if (SweepSettings.Section.Keys.Any(k => string.Equals(k, first, StringComparison.OrdinalIgnoreCase)))
        {
            return SweepSettings.Root + ":" + key;
        }

        return NearestName.Find(first, Known) is { } root ? root + key[first.Length..] : null;
    }

    private static string FirstPart(string key) => key.Split(':', 2)[0];
}
