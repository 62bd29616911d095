using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DropoutSweep.Core.Data;

namespace DropoutSweep.Core.Search;

/// <summary>
/// The canonical description of a plan: everything that determines its results (data, training settings, space,
/// strategy, seeds, repeats) and nothing that only affects how it runs (Name, MaxParallelism, MaxTrials,
/// MaxAttempts, TrialTimeout).
/// </summary>
public static class PlanFingerprint
{
    /// <summary>Bump when the expansion or seed rules change, so old output folders are recognised as other plans.</summary>
    public const string Format = "1";

    /// <summary>The fingerprint of <paramref name="options"/>; <paramref name="datasetContentHash"/> identifies a CSV's content.</summary>
    public static OrderedDictionary<string, string> Of(SweepOptions options, string? datasetContentHash = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = new OrderedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Plan.Format"] = Format,
            ["Strategy"] = options.Strategy.ToString(),
            ["Seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["Repeats"] = Number(options.Repeats),
        };
        if (options.Strategy == SearchStrategy.Random)
        {
            entries["Trials"] = Text(options.Trials);
        }

        AddDataset(entries, options.Dataset, datasetContentHash);
        AddTraining(entries, options);
        AddSpace(entries, options);
        return entries;
    }

    /// <summary>SHA-256 (lowercase hex) of the fingerprint's <c>path=value</c> lines, in order.</summary>
    public static string Hash(IEnumerable<KeyValuePair<string, string>> fingerprint)
    {
        var text = new StringBuilder();
        foreach (var (path, value) in fingerprint)
        {
            text.Append(path).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }


    /// <summary>A number as round-trippable invariant text (<c>0.0005</c>, <c>5E-05</c>).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A list of numbers as <c>[0, 0.0005]</c>.</summary>
    public static string List(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Number)) + "]";

    /// <summary>A layer list as <c>[256, 128]</c>.</summary>
    public static string Layers(IEnumerable<int> widths) => "[" + string.Join(", ", widths.Select(w => Number(w))) + "]";

    private static void AddDataset(OrderedDictionary<string, string> entries, DatasetOptions dataset, string? contentHash)
    {
        entries["Dataset.Kind"] = dataset.Kind.ToString();
        entries["Dataset.Seed"] = dataset.Seed.ToString(CultureInfo.InvariantCulture);
        entries["Dataset.ValidationFraction"] = Text(dataset.ValidationFraction);
        if (dataset.Kind == DatasetKind.Spiral)
        {
            entries["Dataset.Samples"] = Number(dataset.Samples);
            entries["Dataset.Classes"] = Number(dataset.Classes);
            entries["Dataset.ValidationSamples"] = Text(dataset.ValidationSamples);
        }
        else
        {
            // The file's content decides the results, not where it lies: the same CSV reached from another current
            // folder (another absolute path) is the same plan. The path counts only when no content hash is known.
            if (contentHash is null)
            {
                entries["Dataset.Path"] = dataset.Path ?? "null";
            }

            entries["Dataset.Label"] = dataset.Label ?? "null";
            entries["Dataset.Standardize"] = dataset.EffectiveStandardize ? "true" : "false";
            entries["Dataset.ContentSha256"] = contentHash ?? "null";
        }
    }

    private static void AddTraining(OrderedDictionary<string, string> entries, SweepOptions options)
    {
        // A setting the Space sweeps is decided by the Space, so its Training value does not change the results.
        var swept = options.Space.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var training = options.Training;
        var settings = new (string Name, string Value)[]
        {
            ("Hidden", Layers(training.Hidden)),
            ("Epochs", Number(training.Epochs)),
            ("Optimizer", training.Optimizer.ToString()),
            ("LearningRate", Number(training.LearningRate)),
            ("Decay", Number(training.Decay)),
            ("Momentum", Number(training.Momentum)),
            ("DropoutRate", Number(training.DropoutRate)),
            ("L1", Number(training.L1)),
            ("L2", Number(training.L2)),
            ("BiasL1", Text(training.BiasL1)),
            ("BiasL2", Text(training.BiasL2)),
            ("OutputL1", Number(training.OutputL1)),
            ("OutputL2", Number(training.OutputL2)),
            ("BatchSize", Number(training.BatchSize)),
            ("EvaluateEvery", Number(training.EvaluateEvery)),
        };
        foreach (var (name, value) in settings)
        {
            if (!swept.Contains(name))
            {
                entries["Training." + name] = value;
            }
        }
    }

    private static void AddSpace(OrderedDictionary<string, string> entries, SweepOptions options)
    {
        // The order of the Space decides the plan's order (and so trial ids and seeds).
        entries["Space"] = "[" + string.Join(", ", options.Space.Select(p => p.Name)) + "]";
        foreach (var parameter in options.Space)
        {
            var prefix = "Space." + parameter.Name + ".";
            var range = parameter.Range;
            if (range.LayerValues is { } layers)
            {
                entries[prefix + "Values"] = "[" + string.Join(", ", layers.Select(Layers)) + "]";
            }
            else if (range.Values is { } values)
            {
                entries[prefix + "Values"] = List(values);
            }
            else
            {
                entries[prefix + "Min"] = Text(range.Min);
                entries[prefix + "Max"] = Text(range.Max);
                entries[prefix + "Scale"] = range.Scale.ToString();
                if (options.Strategy == SearchStrategy.Grid)
                {
                    entries[prefix + "Count"] = Text(range.Count);
                }
            }
        }
    }

    private static string Text(double? value) => value is { } v ? Number(v) : "null";
}
