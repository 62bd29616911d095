using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DropoutSweep.Core.Results;

/// <summary>
/// The JSON conventions of every file the tool writes: camelCase names, enums as strings, NaN/±Infinity as the
/// strings <c>"NaN"</c>/<c>"Infinity"</c> (JSON has no such numbers; these read back with the same options), seeds
/// (every <c>ulong</c>) as decimal strings, and <see cref="TrialResult"/>'s keys from <see cref="ResultFields"/>.
/// </summary>
public static class JsonFormats
{
    /// <summary>Indented, for report files people open.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>One line per value, for the journal.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Writer settings matching <see cref="Indented"/> for files written field by field.</summary>
    internal static JsonWriterOptions IndentedWriter { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writer settings matching <see cref="Compact"/>.</summary>
    internal static JsonWriterOptions CompactWriter { get; } = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            WriteIndented = indented,

            // Keeps '×', '±' and '+' readable in files people open; the output is never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(), new ExactSeedConverter() },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ResultFields.ApplyJournalKeys } },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Seeds are 64-bit: as JSON numbers, those of 2^53 and above would be read as a different seed by JavaScript and jq
    /// (IEEE doubles). So every <c>ulong</c> is written as a decimal string; reading accepts a string or a number
    /// (older files).
    /// </summary>
    private sealed class ExactSeedConverter : JsonConverter<ulong>
    {
        public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? ulong.TryParse(reader.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new JsonException($"\"{reader.GetString()}\" is not a seed (a whole number in [0, 18446744073709551615]).")
                : reader.GetUInt64();

        public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
