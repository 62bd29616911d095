using System.Globalization;
using System.Text.Json;

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

    /// <summary>A JSON number property; NaN and ±Infinity (which Utf8JsonWriter refuses) as the strings JsonFormats reads back.</summary>
    public static void WriteJsonNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteString(name, Metric(value));
        }
    }

    /// <summary>A JSON number array element, with <see cref="WriteJsonNumber"/>'s rule for NaN and ±Infinity.</summary>
    public static void WriteJsonNumberValue(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(Metric(value));
        }
    }
}
