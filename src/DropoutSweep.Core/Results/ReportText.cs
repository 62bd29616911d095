using System.Globalization;
using System.Text;

namespace DropoutSweep.Core.Results;

/// <summary>How the text report files are streamed: UTF-8 without a byte-order mark, CSV fields escaped per RFC 4180.</summary>
internal static class ReportText
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A buffered writer over <paramref name="stream"/> that leaves it open (AtomicFile flushes and closes it).</summary>
    public static StreamWriter Writer(Stream stream) => new(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true);

    /// <summary>Writes a number as <see cref="ReportValues.Metric"/> does (<c>"R"</c>), without a string.</summary>
    public static void WriteMetric(TextWriter writer, double value)
    {
        Span<char> text = stackalloc char[32];
        writer.Write(value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture) ? text[..length] : ReportValues.Metric(value));
    }

    /// <summary>Writes a whole number without a string.</summary>
    public static void WriteInteger(TextWriter writer, long value)
    {
        Span<char> text = stackalloc char[24];
        writer.Write(value.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture) ? text[..length] : ReportValues.Integer(value));
    }

    /// <summary>Writes a CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break (<c>"[256,128]"</c>).</summary>
    public static void WriteCsvField(TextWriter writer, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(field);
            return;
        }

        writer.Write('"');
        writer.Write(field.Replace("\"", "\"\""));
        writer.Write('"');
    }
}
