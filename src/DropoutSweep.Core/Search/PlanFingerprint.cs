using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Search;

/// <summary>
/// The canonical description of a plan, derived from the settings catalogue: every setting whose
/// <see cref="Setting.Plan"/> is not <see cref="PlanEffect.RunOnly"/> and that applies (Samples for a spiral, Path for
/// a CSV, ...), in catalogue order, except the <c>Training</c> settings the <c>Space</c> sweeps; then the Space.
/// </summary>
public static class PlanFingerprint
{
    /// <summary>Bump when the expansion, numbering or seed rules change, so old output folders are recognised as other plans.</summary>
    /// <remarks>2: trials, configurations and repeats count from 1; Shared seeds; numpy's grid points.</remarks>
    public const string Format = "2";

    /// <summary>The fingerprint of <paramref name="options"/>; <paramref name="datasetContentHash"/> identifies a data file's content.</summary>
    public static OrderedDictionary<string, string> Of(SweepOptions options, string? datasetContentHash = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = new OrderedDictionary<string, string>(StringComparer.Ordinal) { ["Plan.Format"] = Format };

        // A setting the Space sweeps is decided by the Space, so its Training value does not change the results.
        var swept = options.Space
            .Select(p => TrainingSettings.Section.Find(p.Name))
            .OfType<Setting>()
            .ToHashSet();
        SweepSettings.Section.AddFingerprint(options, "", new FingerprintContext(datasetContentHash, swept), entries);
        return entries;
    }

    /// <summary>True for the fingerprint keys of <see cref="PlanEffect.Extent"/> settings (<c>Repeats</c>, <c>Trials</c>): a resume may raise them.</summary>
    public static bool IsExtent(string path) =>
        SweepSettings.Section.Settings.Any(s => s.Plan == PlanEffect.Extent && s.Name == path);

    /// <summary>SHA-256 (lowercase hex) of the fingerprint's <c>path=value</c> lines, in order.</summary>
    public static string Hash(IEnumerable<KeyValuePair<string, string>> fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var text = new StringBuilder();
        foreach (var (path, value) in fingerprint)
        {
            text.Append(path).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A number as round-trippable invariant text (<c>0.0005</c>, <c>5E-05</c>).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
