namespace DropoutSweep.Core.Search;

/// <summary>
/// One setting in which a stored plan and a new one differ; <see cref="Was"/> or <see cref="Now"/> is null when the
/// setting exists in only one of them.
/// </summary>
public sealed record PlanDifference(string Path, string? Was, string? Now)
{
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

    /// <summary><c>Space.L2.Values differs (was [0, 0.0005], now [0, 0.005])</c>.</summary>
    public override string ToString() => (Was, Now) switch
    {
        (null, _) => $"{Path} is new (now {Now})",
        (_, null) => $"{Path} is gone (was {Was})",
        _ => $"{Path} differs (was {Was}, now {Now})",
    };
}
