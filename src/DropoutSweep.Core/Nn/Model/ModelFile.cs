using System.Globalization;
using System.Text;
using System.Text.Json;
using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Nn.Model;

/// <summary>
/// The model file (<c>best-model.json</c>, <c>--save-model FILE</c>): a JSON object with the format name and version,
/// the feature columns, the label column, the class labels, the feature scaling, the layer sizes and, per dense layer,
/// its weights (one row of outgoing weights per input) and biases, then where the network came from. Numbers are
/// written in their shortest exact form, so a model reads back bit for bit.
/// </summary>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "dropout-sweep-model";

    /// <summary>The value of the <c>formatVersion</c> field this build writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The file name a sweep writes for its best configuration.</summary>
    public const string BestModelFileName = "best-model.json";

    /// <summary>The file's bytes (UTF-8, indented, one line per weight row).</summary>
    public static byte[] ToBytes(SavedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonFormats.IndentedWriter))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("formatVersion", FormatVersion);
            WriteStrings(json, "features", model.FeatureNames);
            json.WriteString("label", model.LabelColumn);
            WriteStrings(json, "classes", model.ClassNames);
            json.WriteStartObject("scaling");
            json.WriteString("method", model.Scaling.Method);
            WriteRawNumbers(json, "shift", model.Scaling.Shift);
            WriteRawNumbers(json, "scale", model.Scaling.Scale);
            json.WriteEndObject();
            json.WriteStartArray("layerSizes");
            foreach (var size in model.LayerSizes)
            {
                json.WriteNumberValue(size);
            }

            json.WriteEndArray();
            json.WriteStartArray("layers");
            for (var l = 0; l < model.Layers.Count; l++)
            {
                var layer = model.Layers[l];
                json.WriteStartObject();
                json.WriteString("activation", l == model.Layers.Count - 1 ? "softmax" : "relu");
                json.WriteStartArray("weights");
                for (var i = 0; i < layer.Inputs; i++)
                {
                    json.WriteRawValue(NumberList(Enumerable.Range(i * layer.Outputs, layer.Outputs).Select(k => layer.Weights[k])));
                }

                json.WriteEndArray();
                WriteRawNumbers(json, "biases", layer.Biases);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteSource(json, model.Source);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, SavedModel model)
    {
        var bytes = ToBytes(model);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Reads a model file; a file that is missing or not a model of this format throws <see cref="ModelFileException"/> naming the field.</summary>
    public static SavedModel Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"{path}: cannot read the model file: {error.Message}", error);
        }

        return Parse(bytes, path);
    }

    /// <summary>Reads a model from the file's bytes; <paramref name="name"/> prefixes the error messages.</summary>
    public static SavedModel Parse(ReadOnlySpan<byte> bytes, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.ToArray());
        }
        catch (JsonException error)
        {
            throw new ModelFileException($"{name}: not valid JSON ({error.Message}).", error);
        }

        using (document)
        {
            var reader = new Reader(name);
            var root = reader.Object(document.RootElement, "the file");
            var format = reader.String(root, "format");
            if (format != Format)
            {
                throw reader.Problem("format", $"'{format}' is not a model of this tool (expected '{Format}')");
            }

            var version = reader.Integer(root, "formatVersion");
            if (version != FormatVersion)
            {
                throw reader.Problem("formatVersion", $"{version} is not supported by this build (it reads version {FormatVersion})");
            }

            var features = reader.Strings(root, "features");
            var label = reader.OptionalString(root, "label");
            var classes = reader.Strings(root, "classes");
            if (classes.Length < 2)
            {
                throw reader.Problem("classes", $"{classes.Length} class; a classifier needs at least 2");
            }

            var scalingElement = reader.Object(reader.Property(root, "scaling"), "scaling");
            var shift = reader.Numbers(scalingElement, "scaling.shift", "shift");
            var scale = reader.Numbers(scalingElement, "scaling.scale", "scale");
            reader.RequireLength("scaling.shift", shift.Length, features.Length, "one per feature");
            reader.RequireLength("scaling.scale", scale.Length, features.Length, "one per feature");
            if (scale.Any(s => s == 0))
            {
                throw reader.Problem("scaling.scale", "a scale of 0 would divide by zero");
            }

            var scaling = new FeatureScaling(reader.String(scalingElement, "method", "scaling.method"), shift, scale);
            var sizes = reader.Integers(root, "layerSizes");
            if (sizes.Length < 2 || sizes.Any(size => size < 1))
            {
                throw reader.Problem("layerSizes", "needs the input width and at least one layer width, each at least 1");
            }

            reader.RequireLength("layerSizes[0]", sizes[0], features.Length, "the number of features");
            reader.RequireLength($"layerSizes[{sizes.Length - 1}]", sizes[^1], classes.Length, "the number of classes");
            var layerElements = reader.Array(root, "layers");
            reader.RequireLength("layers", layerElements.Length, sizes.Length - 1, "one per layer after the input (layerSizes)");
            var layers = new SavedLayer[layerElements.Length];
            for (var l = 0; l < layers.Length; l++)
            {
                var at = $"layers[{l}]";
                var layer = reader.Object(layerElements[l], at);
                var (inputs, outputs) = (sizes[l], sizes[l + 1]);
                var rows = reader.Array(layer, "weights", $"{at}.weights");
                reader.RequireLength($"{at}.weights", rows.Length, inputs, $"one row per input (layerSizes[{l}])");
                var weights = new double[inputs * outputs];
                for (var i = 0; i < inputs; i++)
                {
                    var row = reader.NumbersOf(rows[i], $"{at}.weights[{i}]");
                    reader.RequireLength($"{at}.weights[{i}]", row.Length, outputs, $"one weight per output (layerSizes[{l + 1}])");
                    row.CopyTo(weights, i * outputs);
                }

                var biases = reader.Numbers(layer, $"{at}.biases", "biases");
                reader.RequireLength($"{at}.biases", biases.Length, outputs, $"one per output (layerSizes[{l + 1}])");
                layers[l] = new SavedLayer(inputs, outputs, weights, biases);
            }

            var source = root.TryGetProperty("source", out var sourceElement) && sourceElement.ValueKind == JsonValueKind.Object
                ? ReadSource(sourceElement)
                : null;
            return new SavedModel(features, label, classes, scaling, layers, source);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteRawNumbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(NumberList(values));
    }

    // One line per list: "[0.1,-0.02,...]" with each number in its shortest round-trip form.
    private static string NumberList(IEnumerable<double> values)
    {
        var text = new StringBuilder("[");
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"A model holds a non-finite number ({value}); a diverged network cannot be saved.", nameof(values));
            }

            if (text.Length > 1)
            {
                text.Append(',');
            }

            text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }

    private static void WriteSource(Utf8JsonWriter json, ModelSource? source)
    {
        if (source is null)
        {
            return;
        }

        json.WriteStartObject("source");
        WriteOptional(json, "trial", source.Trial);
        WriteOptional(json, "configuration", source.Configuration);
        WriteOptional(json, "repeat", source.Repeat);
        if (source.Seed is { } seed)
        {
            json.WriteString("seed", seed);
        }

        if (source.PlanHash is { } hash)
        {
            json.WriteString("planHash", hash);
        }

        json.WriteStartObject("settings");
        foreach (var (setting, value) in source.Settings)
        {
            json.WriteString(setting, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    private static ModelSource ReadSource(JsonElement source)
    {
        int? Integer(string name) => source.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;
        string? Text(string name) => source.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var settings = source.TryGetProperty("settings", out var settingsElement) && settingsElement.ValueKind == JsonValueKind.Object
            ? settingsElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : [];
        return new ModelSource
        {
            Trial = Integer("trial"),
            Configuration = Integer("configuration"),
            Repeat = Integer("repeat"),
            Seed = Text("seed"),
            PlanHash = Text("planHash"),
            Settings = settings,
        };
    }

    /// <summary>Reads fields and says which one is wrong.</summary>
    private sealed class Reader(string name)
    {
        public ModelFileException Problem(string field, string message) => new($"{name}: {field}: {message}.");

        public JsonElement Object(JsonElement element, string at) =>
            element.ValueKind == JsonValueKind.Object ? element : throw Problem(at, $"expected a JSON object, found {Describe(element)}");

        public JsonElement Property(JsonElement parent, string field, string? at = null) =>
            parent.TryGetProperty(field, out var value) ? value : throw Problem(at ?? field, "missing");

        public string String(JsonElement parent, string field, string? at = null)
        {
            var value = Property(parent, field, at);
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Problem(at ?? field, $"expected a string, found {Describe(value)}");
        }

        public string? OptionalString(JsonElement parent, string field) =>
            !parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw Problem(field, $"expected a string or null, found {Describe(value)}");

        public int Integer(JsonElement parent, string field)
        {
            var value = Property(parent, field);
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw Problem(field, $"expected a whole number, found {Describe(value)}");
        }

        public JsonElement[] Array(JsonElement parent, string field, string? at = null)
        {
            var value = Property(parent, field, at);
            return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : throw Problem(at ?? field, $"expected an array, found {Describe(value)}");
        }

        public string[] Strings(JsonElement parent, string field) =>
            Array(parent, field).Select((value, index) => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Problem($"{field}[{index}]", $"expected a string, found {Describe(value)}")).ToArray();

        public int[] Integers(JsonElement parent, string field) =>
            Array(parent, field).Select((value, index) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw Problem($"{field}[{index}]", $"expected a whole number, found {Describe(value)}")).ToArray();

        public double[] Numbers(JsonElement parent, string at, string field) => NumbersOf(Property(parent, field, at), at);

        public double[] NumbersOf(JsonElement array, string at)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw Problem(at, $"expected an array of numbers, found {Describe(array)}");
            }

            return array.EnumerateArray()
                .Select((value, index) => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
                    ? number
                    : throw Problem($"{at}[{index}]", $"expected a finite number, found {Describe(value)}"))
                .ToArray();
        }

        public void RequireLength(string at, int actual, int expected, string rule)
        {
            if (actual != expected)
            {
                throw Problem(at, $"{actual.ToString(CultureInfo.InvariantCulture)}, expected {expected.ToString(CultureInfo.InvariantCulture)} ({rule})");
            }
        }

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => $"\"{element.GetString()}\"",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => element.GetRawText(),
        };
    }
}
