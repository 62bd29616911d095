using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Init;

/// <summary>
/// The sweep file <c>init</c> writes: plain JSON naming its schema, with settings sized to the data (a hidden layer about
/// twice the features, full batches for small data and mini-batches of 128 otherwise, a validation fraction that leaves
/// enough rows to validate on) and a small grid over DropoutRate, L2 and LearningRate.
/// </summary>
internal static partial class StarterSweep
{
    /// <summary>Rows up to which training uses full batches (the book's way); above, mini-batches of <see cref="MiniBatch"/>.</summary>
    public const int FullBatchRows = 4096;

    public const int MiniBatch = 128;

    // About this many optimizer steps per trial with mini-batches, within [5, 200] epochs.
    private const int MiniBatchSteps = 10_000;

    private const int FullBatchEpochs = 500;

    /// <summary>The grid every starter sweeps: 3 × 3 × 2 = 18 configurations.</summary>
    public static readonly double[] DropoutRates = [0, 0.1, 0.3];

    public static readonly double[] L2s = [0, 1e-4, 1e-3];

    public static readonly double[] LearningRates = [0.002, 0.01];

    /// <summary>Held out for validation: 30 % of a small file (under 1,000 rows), 20 % of a larger one.</summary>
    public static double ValidationFraction(int rows) => rows < 1000 ? 0.3 : 0.2;

    /// <summary>A power of two near twice the features, from 32 to 256.</summary>
    public static int HiddenWidth(int features) => Math.Clamp((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, 2 * features)), 32, 256);

    /// <summary>0 (full batch) up to <see cref="FullBatchRows"/> training rows, otherwise <see cref="MiniBatch"/>.</summary>
    public static int BatchSize(int trainRows) => trainRows <= FullBatchRows ? 0 : MiniBatch;

    /// <summary>500 epochs of full batches, or about 10,000 mini-batch steps (5 to 200 epochs).</summary>
    public static int Epochs(int trainRows) =>
        BatchSize(trainRows) == 0 ? FullBatchEpochs : Math.Clamp((int)Math.Ceiling(MiniBatchSteps / Math.Ceiling(trainRows / (double)MiniBatch)), 5, 200);

    /// <summary>The sweep for a CSV file: <paramref name="dataPath"/> as written in the file (relative to it), the data as loaded.</summary>
    public static JsonObject ForCsv(string name, string dataPath, string label, double validationFraction, Dataset data)
    {
        var epochs = Epochs(data.TrainRows);
        var dataset = new JsonObject
        {
            [DatasetSettings.Kind.Name] = nameof(DatasetKind.Csv),
            [DatasetSettings.Path.Name] = dataPath,
            [DatasetSettings.Label.Name] = label,
            [DatasetSettings.ValidationFraction.Name] = validationFraction,
            [DatasetSettings.Standardize.Name] = true,
            [DatasetSettings.Seed.Name] = 0,
        };
        return Sweep(name, dataset, [HiddenWidth(data.Features)], epochs, BatchSize(data.TrainRows), LearningRates);
    }

    /// <summary>The starter without data: the book's spiral, 100 points per class, validated on a separate 1,000-per-class spiral.</summary>
    public static JsonObject Spiral() =>
        Sweep(
            "spiral",
            new JsonObject
            {
                [DatasetSettings.Kind.Name] = nameof(DatasetKind.Spiral),
                [DatasetSettings.Samples.Name] = 100,
                [DatasetSettings.Classes.Name] = 3,
                [DatasetSettings.ValidationSamples.Name] = 1000,
                [DatasetSettings.Seed.Name] = 0,
            },
            hidden: [64],
            epochs: 1000,
            batchSize: 0,
            learningRates: [0.01, 0.02]);

    /// <summary>A folder-safe sweep name from a file name: <c>my data.csv</c> → <c>my-data</c>; <c>sweep</c> when nothing is left.</summary>
    public static string NameFor(string file)
    {
        var name = NotInName().Replace(Path.GetFileNameWithoutExtension(file), "-").Trim('-', '.', ' ');
        return name.Length == 0 ? "sweep" : name;
    }

    /// <summary>
    /// Plain JSON as people write it: one key per line, lists of numbers on one line (<c>"Values": [0, 0.1, 0.3]</c>), two
    /// spaces of indentation, a final newline.
    /// </summary>
    public static string Text(JsonNode sweep)
    {
        var text = new StringBuilder();
        Write(sweep, text, indent: 0);
        return text.Append('\n').ToString();
    }

    private static JsonObject Sweep(string name, JsonObject dataset, int[] hidden, int epochs, int batchSize, double[] learningRates) => new()
    {
        ["$schema"] = SweepSchema.FileName,
        [SweepSettings.Root] = new JsonObject
        {
            [SweepSettings.Name.Name] = name,
            [SweepSettings.Strategy.Name] = nameof(Core.Search.SearchStrategy.Grid),
            [SweepSettings.Seed.Name] = 42,
            [SweepSettings.Repeats.Name] = 1,
            [DatasetSettings.Section.Name] = dataset,
            [TrainingSettings.Section.Name] = new JsonObject
            {
                [TrainingSettings.Hidden.Name] = new JsonArray([.. hidden.Select(w => (JsonNode)w)]),
                [TrainingSettings.Epochs.Name] = epochs,
                [TrainingSettings.BatchSize.Name] = batchSize,
                [TrainingSettings.Optimizer.Name] = "Adam",
                [TrainingSettings.EvaluateEvery.Name] = Math.Max(1, epochs / 20),
            },
            [SweepSettings.Space.Name] = new JsonObject
            {
                [TrainingSettings.DropoutRate.Name] = Values(DropoutRates),
                [TrainingSettings.L2.Name] = Values(L2s),
                [TrainingSettings.LearningRate.Name] = Values(learningRates),
            },
        },
    };

    private static JsonObject Values(double[] values) =>
        new() { [RangeSettings.Values.Name] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    private static void Write(JsonNode? node, StringBuilder text, int indent)
    {
        switch (node)
        {
            case JsonObject json when json.Count > 0:
                text.Append("{\n");
                var i = 0;
                foreach (var (key, value) in json)
                {
                    text.Append(' ', indent + 2).Append(JsonValue.Create(key).ToJsonString()).Append(": ");
                    Write(value, text, indent + 2);
                    text.Append(++i < json.Count ? ",\n" : "\n");
                }

                text.Append(' ', indent).Append('}');
                break;
            case JsonArray list:
                text.Append('[');
                for (var j = 0; j < list.Count; j++)
                {
                    Write(list[j], text, indent);
                    text.Append(j + 1 < list.Count ? ", " : "");
                }

                text.Append(']');
                break;
            case null:
                text.Append("null");
                break;
            default:
                text.Append(node is JsonValue scalar && scalar.TryGetValue<double>(out var number)
                    ? number.ToString("R", CultureInfo.InvariantCulture).Replace("E-", "e-", StringComparison.Ordinal)
                    : node.ToJsonString());
                break;
        }
    }

    // What a sweep name (a folder name) may not hold.
    [GeneratedRegex(@"[^A-Za-z0-9._-]+")]
    private static partial Regex NotInName();
}
