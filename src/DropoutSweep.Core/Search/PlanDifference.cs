using System.Globalization;

namespace DropoutSweep.Core.Search;

/// <summary>
/// One setting in which a stored plan and a new one differ; <see cref="Was"/> or <see cref="Now"/> is null when the
/// setting exists in only one of them.
/// </summary>
public sealed record PlanDifference(string Path, string? Was, string? Now)
{
    /// <summary>
    /// True when the difference raises an extent (<c>Repeats</c>, <c>Trials</c>): the stored plan's trials keep their
    /// numbers, settings and seeds, and only the new ones need to run.
    /// </summary>
    public bool IsGrowth =>
        PlanFingerprint.IsExtent(Path)
        && long.TryParse(Was, NumberStyles.None, CultureInfo.InvariantCulture, out var was)
        && long.TryParse(Now, NumberStyles.None, CultureInfo.InvariantCulture, out var now)
        && now > was;

    /// <summary>The settings whose canonical text differs, in the new fingerprint's order, then those only the stored one has.</summary>
    public static IReadOnlyList<PlanDifference> Describe(
        IReadOnlyDictionary<string, string> storedFingerprint,
        IReadOnlyDictionary<string, string> newFingerprint)
    {
        ArgumentNullException.ThrowIfNull(storedFingerprint);
        ArgumentNullException.ThrowIfNull(newFingerprint);
        var differences = new List<PlanDifference>();
        foreach (var (path, now) in newFingerprint)
        {
            if (!storedFingerprint.TryGetValue(path, out var was) || was != now)
            {
                differences.Add(new PlanDifference(path, was, now));
            }
        }

        foreach (var (path, was) in storedFingerprint)
        {
            if (!newFingerprint.ContainsKey(path))
            {
                differences.Add(new PlanDifference(path, was, null));
            }
        }

        return differences;
    }

    /// <summary>All differences in one line: <c>Space.L2.Values differs (was [0, 0.0005], now [0, 0.005]); ...</c>.</summary>
    public static string Summarize(IEnumerable<PlanDifference> differences) => string.Join("; ", differences);

    /// <summary><c>Space.L2.Values differs (was [0, 0.0005], now [0, 0.005])</c>; a lowered extent says that only raising it keeps the results.</summary>
    public override string ToString() => (Was, Now) switch
    {
        (null, _) => $"{Path} is new (now {Now})",
        (_, null) => $"{Path} is gone (was {Was})",
        _ when PlanFingerprint.IsExtent(Path) && !IsGrowth => $"{Path} was lowered (was {Was}, now {Now}; it may only be raised)",
        _ => $"{Path} differs (was {Was}, now {Now})",
    };
}
