using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>Every type a setting's value may have; a declaration names one of these.</summary>
public static class SettingTypes
{
    /// <summary>Seeds below this are exact as JSON numbers in every reader (JavaScript, jq); larger ones are written as strings.</summary>
    private const ulong LargestExactJsonInteger = 1UL << 53;

    /// <summary>A finite number.</summary>
    public static SettingType<double> Number { get; } = new NumberType();

    /// <summary>A finite number, or unset (null).</summary>
    public static SettingType<double?> OptionalNumber { get; } = new OptionalType<double>(new NumberType());

    /// <summary>A whole number in the range of <see cref="int"/>.</summary>
    public static SettingType<int> WholeNumber { get; } = new WholeNumberType();

    /// <summary>A whole number, or unset (null).</summary>
    public static SettingType<int?> OptionalWholeNumber { get; } = new OptionalType<int>(new WholeNumberType());

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static SettingType<bool> Bool { get; } = new BoolType();

    /// <summary><c>true</c> or <c>false</c>, or unset (null).</summary>
    public static SettingType<bool?> OptionalBool { get; } = new OptionalType<bool>(new BoolType());

    /// <summary>Free text, or unset (null).</summary>
    public static SettingType<string?> Text { get; } = new TextType(SettingKind.Text, pattern: null);

    /// <summary>A folder name: non-empty, none of <c>/ \ : * ? " &lt; &gt; |</c>, not <c>.</c> or <c>..</c>.</summary>
    public static SettingType<string?> FolderName { get; } = new TextType(SettingKind.Text, """^(?!\s*$)(?!\.{1,2}$)[^/\\:*?"<>|]+$""");

    /// <summary>A file path, or unset (null).</summary>
    public static SettingType<string?> FilePath { get; } = new TextType(SettingKind.FilePath, pattern: null);

    /// <summary>A whole number in [0, 18446744073709551615].</summary>
    public static SettingType<ulong> Seed { get; } = new SeedType();

    /// <summary>A duration (<see cref="DurationText"/>), or unset (null).</summary>
    public static SettingType<TimeSpan?> OptionalDuration { get; } = new OptionalType<TimeSpan>(new DurationType());

    /// <summary>A duration (<see cref="DurationText"/>).</summary>
    public static SettingType<TimeSpan> Duration { get; } = new DurationType();

    /// <summary>A list of layer widths, such as <c>[256, 128]</c>; never empty.</summary>
    public static SettingType<IReadOnlyList<int>> LayerList { get; } = new LayerListType();

    /// <summary>A list of numbers (a <c>Space</c> entry's <c>Values</c>); an element that cannot be read keeps its place as NaN.</summary>
    public static SettingType<IReadOnlyList<double>?> NumberList { get; } = new NumberListType();

    /// <summary>A list of layer lists (<c>Hidden</c>'s <c>Space</c> values); an element that cannot be read keeps its place as <c>[0]</c>.</summary>
    public static SettingType<IReadOnlyList<IReadOnlyList<int>>?> LayerListList { get; } = new LayerListListType();

    /// <summary>One of the names of <typeparamref name="TEnum"/>, case-insensitive (names only: <c>1</c> is refused).</summary>
    public static SettingType<TEnum> Enum<TEnum>()
        where TEnum : struct, Enum => EnumType<TEnum>.Instance;

    /// <summary>The list <paramref name="node"/> is (or whose text it is); null, with the problem added, when it is neither.</summary>
    private static JsonArray? ListOrProblem(JsonNode node, string path, string expectation, List<SettingProblem> problems)
    {
        if (SettingText.List(node) is { } list)
        {
            return list;
        }

        problems.Add(node is JsonObject
            ? new SettingProblem(path, expectation + ", not an object")
            : new SettingProblem(path, expectation, SettingText.Quote(SettingText.Of(node))));
        return null;
    }

    /// <summary>Reads a scalar's text; a list or object where a scalar belongs is reported.</summary>
    private abstract class ScalarType<T> : SettingType<T>
    {
        public override bool TryRead(JsonNode node, string path, List<SettingProblem> problems, out T value)
        {
            value = default!;
            if (node is JsonArray or JsonObject)
            {
                problems.Add(new SettingProblem(path, Expectation + ", not a list or object"));
                return false;
            }

            var text = SettingText.Of(node);
            if (TryParse(text.Trim(), node.GetValueKind(), out value))
            {
                return true;
            }

            problems.Add(Unreadable(path, text));
            return false;
        }

        protected virtual SettingProblem Unreadable(string path, string text) => new(path, Expectation, SettingText.Quote(text));

        protected abstract bool TryParse(string text, JsonValueKind kind, out T value);
    }

    private sealed class NumberType : ScalarType<double>
    {
        public override SettingKind Kind => SettingKind.Number;

        public override string Expectation => "must be a number";

        public override string Format(double value) => SettingText.Number(value);

        public override double? ToNumber(double value) => value;

        public override double FromSweep(SettingValue value) => value.Number;

        public override SettingValue ToSweep(double value) => SettingValue.OfNumber(value);

        public override bool IsUnset(double value) => false;

        public override void WriteJson(Utf8JsonWriter json, double value)
        {
            // JSON has no NaN or infinity: they are written as the strings "NaN" and "Infinity" (see JsonFormats).
            if (double.IsFinite(value))
            {
                json.WriteNumberValue(value);
            }
            else
            {
                json.WriteStringValue(Format(value));
            }
        }

        // The invariant parse of the text as written: a number in the file is exactly the double that trains.
        protected override bool TryParse(string text, JsonValueKind kind, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private sealed class WholeNumberType : ScalarType<int>
    {
        public override SettingKind Kind => SettingKind.WholeNumber;

        public override string Expectation => "must be a whole number";

        public override string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

        public override double? ToNumber(int value) => value;

        public override int FromSweep(SettingValue value) => checked((int)Math.Round(value.Number, MidpointRounding.AwayFromZero));

        public override SettingValue ToSweep(int value) => SettingValue.OfNumber(value);

        public override bool IsUnset(int value) => false;

        public override void WriteJson(Utf8JsonWriter json, int value) => json.WriteNumberValue(value);

        // JSON writers may give 1e3 or 100.0 for a whole number.
        protected override bool TryParse(string text, JsonValueKind kind, out int value)
        {
            value = 0;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                || !double.IsFinite(number) || Math.Floor(number) != number || number < int.MinValue || number > int.MaxValue)
            {
                return false;
            }

            value = (int)number;
            return true;
        }
    }

    private sealed class BoolType : ScalarType<bool>
    {
        public override SettingKind Kind => SettingKind.Bool;

        public override string Expectation => "must be true or false";

        public override string Format(bool value) => value ? "true" : "false";

        public override bool IsUnset(bool value) => false;

        public override void WriteJson(Utf8JsonWriter json, bool value) => json.WriteBooleanValue(value);

        protected override bool TryParse(string text, JsonValueKind kind, out bool value) => bool.TryParse(text, out value);
    }

    private sealed class TextType(SettingKind kind, string? pattern) : ScalarType<string?>
    {
        private readonly System.Text.RegularExpressions.Regex? _pattern = pattern is null ? null : new(pattern);

        public override SettingKind Kind => kind;

        public override string? Pattern => pattern;

        public override bool IsNullable => true;

        public override string Expectation => _pattern is null ? "must be text" : "must be a non-empty folder name without / \\ : * ? \" < > |";

        public override string Format(string? value) => value ?? "null";

        public override string Display(string? value) => SettingText.Quote(value ?? "");

        // Blank text is no value, as in a sweep file (a path of spaces names no file).
        public override bool IsUnset(string? value) => string.IsNullOrWhiteSpace(value);

        public override void Check(string? value, ValueRange? range, string path, List<SettingProblem> problems)
        {
            if (value is not null && _pattern is not null && !_pattern.IsMatch(value))
            {
                problems.Add(new SettingProblem(path, Expectation, Display(value)));
            }
        }

        public override void WriteJson(Utf8JsonWriter json, string? value)
        {
            if (value is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteStringValue(value);
            }
        }

        // The untrimmed text: a name or path is what was written (the binder has already treated blank text as unset).
        public override bool TryRead(JsonNode node, string path, List<SettingProblem> problems, out string? value)
        {
            value = null;
            if (node is JsonArray or JsonObject)
            {
                problems.Add(new SettingProblem(path, Expectation + ", not a list or object"));
                return false;
            }

            value = SettingText.Of(node);
            return true;
        }

        protected override bool TryParse(string text, JsonValueKind kind, out string? value)
        {
            value = text;
            return true;
        }
    }

    private sealed class SeedType : ScalarType<ulong>
    {
        public override SettingKind Kind => SettingKind.Seed;

        public override string Expectation => "must be a whole number in [0, 18446744073709551615]";

        public override string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);

        public override bool IsUnset(ulong value) => false;

        public override void WriteJson(Utf8JsonWriter json, ulong value)
        {
            if (value < LargestExactJsonInteger)
            {
                json.WriteNumberValue(value);
            }
            else
            {
                json.WriteStringValue(Format(value));
            }
        }

        protected override bool TryParse(string text, JsonValueKind kind, out ulong value) =>
            ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private sealed class DurationType : ScalarType<TimeSpan>
    {
        public override SettingKind Kind => SettingKind.Duration;

        public override string Expectation => "must be a duration such as 00:05:00 or a number of seconds (" + DurationText.Examples + ")";

        public override string Format(TimeSpan value) => DurationText.Format(value);

        public override double? ToNumber(TimeSpan value) => value.TotalSeconds;

        public override bool IsUnset(TimeSpan value) => false;

        protected override bool TryParse(string text, JsonValueKind kind, out TimeSpan value) => DurationText.TryParse(text, out value);
    }

    private sealed class EnumType<TEnum> : ScalarType<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly EnumType<TEnum> Instance = new();

        private readonly string[] _names = System.Enum.GetNames<TEnum>();

        public override SettingKind Kind => SettingKind.Enum;

        public override IReadOnlyList<string> Choices => _names;

        public override string Expectation => "must be one of " + string.Join(", ", _names);

        public override string Format(TEnum value) => value.ToString();

        public override bool IsUnset(TEnum value) => false;

        public override void Check(TEnum value, ValueRange? range, string path, List<SettingProblem> problems)
        {
            if (!System.Enum.IsDefined(value))
            {
                problems.Add(new SettingProblem(path, Expectation, Format(value)));
            }
        }

        protected override SettingProblem Unreadable(string path, string text)
        {
            var suggestion = NearestName.Find(text.Trim(), _names);
            return new SettingProblem(
                path, Expectation + (suggestion is null ? "" : $" — did you mean {suggestion}?"), SettingText.Quote(text));
        }

        // Names only: Enum.TryParse would also take "1" or "Grid,Random".
        protected override bool TryParse(string text, JsonValueKind kind, out TEnum value)
        {
            value = default;
            var match = _names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            return match is not null && System.Enum.TryParse(match, out value);
        }
    }

    private sealed class LayerListType : SettingType<IReadOnlyList<int>>
    {
        private static readonly ValueRange s_width = ValueRange.WholeAtLeast(1, "layer width must be >= 1");
        private static readonly WholeNumberType s_element = new();

        public override SettingKind Kind => SettingKind.LayerList;

        public override string Expectation => "must be a list of layer widths such as [512] or [256, 128]";

        public override string Format(IReadOnlyList<int> value) => "[" + string.Join(",", value.Select(w => w.ToString(CultureInfo.InvariantCulture))) + "]";

        public override IReadOnlyList<int> FromSweep(SettingValue value) =>
            value.Layers ?? throw new ArgumentException("A layer-list setting takes layer lists.", nameof(value));

        public override SettingValue ToSweep(IReadOnlyList<int> value) => SettingValue.OfLayers(value);

        public override void WriteJson(Utf8JsonWriter json, IReadOnlyList<int> value)
        {
            json.WriteStartArray();
            foreach (var width in value)
            {
                json.WriteNumberValue(width);
            }

            json.WriteEndArray();
        }

        public override void Check(IReadOnlyList<int> value, ValueRange? range, string path, List<SettingProblem> problems)
        {
            if (value.Count == 0)
            {
                problems.Add(new SettingProblem(path, "needs at least one hidden layer width, e.g. [512]"));
            }

            for (var i = 0; i < value.Count; i++)
            {
                if (!(range ?? s_width).Contains(value[i]))
                {
                    problems.Add(new SettingProblem($"{path}[{i}]", (range ?? s_width).Message, s_element.Format(value[i])));
                }
            }
        }

        public override bool TryRead(JsonNode node, string path, List<SettingProblem> problems, out IReadOnlyList<int> value)
        {
            value = [];
            if (ListOrProblem(node, path, Expectation, problems) is not { } list)
            {
                return false;
            }

            var widths = new int[list.Count];
            var readable = true;
            for (var i = 0; i < list.Count; i++)
            {
                var element = list[i];
                if (element is null)
                {
                    problems.Add(new SettingProblem($"{path}[{i}]", s_element.Expectation, SettingText.Quote("null")));
                    readable = false;
                    continue;
                }

                readable &= s_element.TryRead(element, $"{path}[{i}]", problems, out widths[i]);
            }

            value = widths;
            return readable;
        }
    }

    private sealed class NumberListType : SettingType<IReadOnlyList<double>?>
    {
        private static readonly NumberType s_element = new();

        public override SettingKind Kind => SettingKind.ValueList;

        public override string Expectation => "must be a list of numbers such as [0, 0.1, 0.2]";

        public override bool IsNullable => true;

        public override string Format(IReadOnlyList<double>? value) =>
            value is null ? "null" : "[" + string.Join(", ", value.Select(SettingText.Number)) + "]";

        public override bool TryRead(JsonNode node, string path, List<SettingProblem> problems, out IReadOnlyList<double>? value)
        {
            value = null;
            if (ListOrProblem(node, path, Expectation, problems) is not { } list)
            {
                return false;
            }

            var numbers = new double[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                var element = list[i] ?? JsonValue.Create("null");
                numbers[i] = s_element.TryRead(element, $"{path}[{i}]", problems, out var number) ? number : double.NaN;
            }

            value = numbers;
            return true;
        }
    }

    private sealed class LayerListListType : SettingType<IReadOnlyList<IReadOnlyList<int>>?>
    {
        private static readonly LayerListType s_element = new();

        public override SettingKind Kind => SettingKind.ValueList;

        public override string Expectation => "must be a list of layer lists such as [[64], [512], [256, 128]]";

        public override bool IsNullable => true;

        public override string Format(IReadOnlyList<IReadOnlyList<int>>? value) =>
            value is null ? "null" : "[" + string.Join(", ", value.Select(s_element.Format)) + "]";

        public override bool TryRead(JsonNode node, string path, List<SettingProblem> problems, out IReadOnlyList<IReadOnlyList<int>>? value)
        {
            value = null;
            if (ListOrProblem(node, path, Expectation, problems) is not { } list)
            {
                return false;
            }

            var layers = new IReadOnlyList<int>[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                var element = list[i] ?? JsonValue.Create("null");
                layers[i] = s_element.TryRead(element, $"{path}[{i}]", problems, out var widths) ? widths : [0];
            }

            value = layers;
            return true;
        }
    }

    /// <summary>A type whose value may also be null: unset.</summary>
    private sealed class OptionalType<T>(SettingType<T> inner) : SettingType<T?>
        where T : struct
    {
        public override SettingKind Kind => inner.Kind;

        public override IReadOnlyList<string> Choices => inner.Choices;

        public override string Expectation => inner.Expectation;

        public override bool IsNullable => true;

        public override bool TryRead(JsonNode node, string path, List<SettingProblem> problems, out T? value)
        {
            var read = inner.TryRead(node, path, problems, out var inside);
            value = read ? inside : null;
            return read;
        }

        public override string Format(T? value) => value is { } v ? inner.Format(v) : "null";

        public override string Display(T? value) => value is { } v ? inner.Display(v) : "null";

        public override void WriteJson(Utf8JsonWriter json, T? value)
        {
            if (value is { } v)
            {
                inner.WriteJson(json, v);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        public override double? ToNumber(T? value) => value is { } v ? inner.ToNumber(v) : null;

        public override T? FromSweep(SettingValue value) => inner.FromSweep(value);

        public override SettingValue ToSweep(T? value) =>
            value is { } v ? inner.ToSweep(v) : throw new ArgumentNullException(nameof(value));

        public override bool IsUnset(T? value) => value is null;

        public override void Check(T? value, ValueRange? range, string path, List<SettingProblem> problems)
        {
            if (value is { } v)
            {
                inner.Check(v, range, path, problems);
            }
        }
    }
}
