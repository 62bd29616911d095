using System.Globalization;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// The one way durations are written, in sweep files and in the <c>Cluster</c> section alike: a number of seconds
/// (<c>30</c>, <c>2.5</c>), a number with a unit (<c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>), or <c>hh:mm:ss</c>
/// (<c>00:00:30</c>, also <c>d.hh:mm:ss</c>).
/// </summary>
public static class DurationText
{
    /// <summary>How the accepted forms are described in messages.</summary>
    public const string Examples = "30 (seconds), 30s, 5m, 500ms, 2h or 00:05:00";

    private static readonly (string Unit, double Seconds)[] s_units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    /// <summary>Parses <paramref name="text"/>; false when it is none of the accepted forms or out of range.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value);
        }

        // "ms" is tried before "s" and "m", so that 500ms is not read as 500m followed by an s.
        var seconds = 1.0;
        foreach (var (unit, scale) in s_units)
        {
            if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[..^unit.Length].TrimEnd();
                seconds = scale;
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number)
            || Math.Abs(number * seconds) >= TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(number * seconds);
        return true;
    }

    /// <summary>A duration as <c>hh:mm:ss</c> (with fractions of a second when there are any), which <see cref="TryParse"/> reads back.</summary>
    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
