using System.Globalization;

namespace DropoutSweep.Core.Results;

/// <summary>How numbers appear in the text report files: metrics round-trippable, seconds to the millisecond.</summary>
internal static class ReportValues
{
    /// <summary>Shortest text that parses back to the same double (<c>NaN</c>, <c>Infinity</c> included).</summary>
    public static string Metric(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Seconds with millisecond precision, e.g. <c>12.345</c>.</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Seconds rounded to the millisecond, as a JSON number.</summary>
    public static double SecondsRounded(double seconds) => Math.Round(seconds, 3, MidpointRounding.AwayFromZero);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
