using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropoutSweep.Core.Results;

/// <summary>
/// The JSON conventions of every file the tool writes: camelCase names, enums as strings, and NaN/±Infinity as the
/// strings <c>"NaN"</c>/<c>"Infinity"</c> (JSON has no such numbers; these read back with the same options).
/// </summary>
public static class JsonFormats
{
    /// <summary>Indented, for report files people open.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>One line per value, for the journal.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Writer settings matching <see cref="Indented"/> for files written field by field.</summary>
    internal static JsonWriterOptions IndentedWriter { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            WriteIndented = indented,

            // Keeps '×', '±' and '+' readable in files people open; the output is never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
