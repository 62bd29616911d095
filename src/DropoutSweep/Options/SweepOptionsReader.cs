using System.Globalization;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Options;

/// <summary>
/// Reads the <c>Sweep</c> section of the layered configuration (appsettings.json → sweep file → DROPOUTSWEEP_
/// environment variables → command line) into <see cref="SweepOptions"/>, reporting every problem at once: wrong
/// types, unknown keys (with the nearest known name), unknown enum values, then <see cref="SweepValidator"/>'s checks.
/// An absent, null or empty key keeps the default of <see cref="SweepOptions"/>, <see cref="DatasetOptions"/> or
/// <see cref="TrainingOptions"/>.
/// </summary>
public static class SweepOptionsReader
{
    /// <summary>The configuration section holding the sweep.</summary>
    public const string SectionName = "Sweep";

    /// <summary>Keys of the <c>Sweep</c> section.</summary>
    public static IReadOnlyList<string> SweepKeys { get; } =
    [
        "Name", "Strategy", "Seed", "Repeats", "MaxParallelism", "Trials", "MaxTrials", "MaxAttempts", "TrialTimeout",
        "Dataset", "Training", "Space",
    ];

    /// <summary>Keys of the <c>Sweep:Dataset</c> section.</summary>
    public static IReadOnlyList<string> DatasetKeys { get; } =
        ["Kind", "Samples", "Classes", "ValidationFraction", "ValidationSamples", "Seed", "Path", "Label", "Standardize"];

    /// <summary>Keys of the <c>Sweep:Training</c> section.</summary>
    public static IReadOnlyList<string> TrainingKeys { get; } =
    [
        "Hidden", "Epochs", "Optimizer", "LearningRate", "Decay", "Momentum", "DropoutRate", "L1", "L2", "BiasL1", "BiasL2",
        "OutputL1", "OutputL2", "BatchSize", "EvaluateEvery",
    ];

    /// <summary>Keys of one <c>Sweep:Space</c> entry.</summary>
    public static IReadOnlyList<string> RangeKeys { get; } = ["Values", "Min", "Max", "Scale", "Count"];

    /// <summary>
    /// Reads and validates the <c>Sweep</c> section of <paramref name="configuration"/>. Configuration sorts keys, so
    /// the Space's file order (which decides the plan's order) comes from <paramref name="spaceOrder"/>
    /// (<see cref="SweepFileCheck.SpaceOrder"/>); entries it does not name follow in <see cref="TrainingSettings.Sweepable"/> order.
    /// </summary>
    public static SweepOptionsReading Read(IConfiguration configuration, IReadOnlyList<string>? spaceOrder = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var reader = new SettingReader();
        var options = new SweepOptions();
        if (section.Value is null && !section.GetChildren().Any())
        {
            reader.Problems.Add(new SettingProblem(
                SectionName, "missing: give a sweep file with a top-level \"Sweep\" object (--config FILE)"));
            return new SweepOptionsReading(options, reader.Problems);
        }

        options = reader.ReadSweep(section, spaceOrder ?? []);
        var problems = new List<SettingProblem>(reader.Problems);

        // A setting that could not be read keeps its default; checking that default again would only repeat the problem.
        problems.AddRange(SweepValidator.Validate(options).Where(p => !reader.Problems.Any(r => Overlaps(r.Path, p.Path))));
        return new SweepOptionsReading(options, problems);
    }

    private static bool Overlaps(string a, string b) => IsWithin(a, b) || IsWithin(b, a);

    private static bool IsWithin(string path, string ancestor) =>
        path.StartsWith(ancestor, StringComparison.OrdinalIgnoreCase)
        && (path.Length == ancestor.Length || path[ancestor.Length] is ':' or '[');

    /// <summary>Reads sections while collecting problems; one instance per read.</summary>
    private sealed class SettingReader
    {
        private const string WholeNumber = "must be a whole number";

        public List<SettingProblem> Problems { get; } = [];

        public SweepOptions ReadSweep(IConfigurationSection section, IReadOnlyList<string> spaceOrder)
        {
            const string path = SectionName;
            var keys = Object(section, path, SweepKeys);
            var defaults = new SweepOptions();
            return new SweepOptions
            {
                Name = String(keys, "Name", path) ?? defaults.Name,
                Strategy = Enum(keys, "Strategy", path, defaults.Strategy),
                Seed = Seed(keys, "Seed", path, defaults.Seed),
                Repeats = Int(keys, "Repeats", path) ?? defaults.Repeats,
                MaxParallelism = Int(keys, "MaxParallelism", path) ?? defaults.MaxParallelism,
                Trials = Int(keys, "Trials", path),
                MaxTrials = Int(keys, "MaxTrials", path) ?? defaults.MaxTrials,
                MaxAttempts = Int(keys, "MaxAttempts", path) ?? defaults.MaxAttempts,
                TrialTimeout = Duration(keys, "TrialTimeout", path),
                Dataset = keys.TryGetValue("Dataset", out var dataset) ? ReadDataset(dataset, Join(path, "Dataset")) : defaults.Dataset,
                Training = keys.TryGetValue("Training", out var training) ? ReadTraining(training, Join(path, "Training")) : defaults.Training,
                Space = keys.TryGetValue("Space", out var space) ? ReadSpace(space, Join(path, "Space"), spaceOrder) : defaults.Space,
            };
        }

        private DatasetOptions ReadDataset(IConfigurationSection section, string path)
        {
            var keys = Object(section, path, DatasetKeys);
            var defaults = new DatasetOptions();
            return new DatasetOptions
            {
                Kind = Enum(keys, "Kind", path, defaults.Kind),
                Samples = Int(keys, "Samples", path) ?? defaults.Samples,
                Classes = Int(keys, "Classes", path) ?? defaults.Classes,
                ValidationFraction = Number(keys, "ValidationFraction", path),
                ValidationSamples = Int(keys, "ValidationSamples", path),
                Seed = Seed(keys, "Seed", path, defaults.Seed),
                Path = String(keys, "Path", path),
                Label = String(keys, "Label", path),
                Standardize = Bool(keys, "Standardize", path) ?? defaults.Standardize,
            };
        }

        private TrainingOptions ReadTraining(IConfigurationSection section, string path)
        {
            var keys = Object(section, path, TrainingKeys);
            var defaults = new TrainingOptions();
            return new TrainingOptions
            {
                Hidden = keys.TryGetValue("Hidden", out var hidden) ? Layers(hidden, Join(path, "Hidden")) ?? defaults.Hidden : defaults.Hidden,
                Epochs = Int(keys, "Epochs", path) ?? defaults.Epochs,
                Optimizer = Enum(keys, "Optimizer", path, defaults.Optimizer),
                LearningRate = Number(keys, "LearningRate", path) ?? defaults.LearningRate,
                Decay = Number(keys, "Decay", path) ?? defaults.Decay,
                Momentum = Number(keys, "Momentum", path) ?? defaults.Momentum,
                DropoutRate = Number(keys, "DropoutRate", path) ?? defaults.DropoutRate,
                L1 = Number(keys, "L1", path) ?? defaults.L1,
                L2 = Number(keys, "L2", path) ?? defaults.L2,
                BiasL1 = Number(keys, "BiasL1", path),
                BiasL2 = Number(keys, "BiasL2", path),
                OutputL1 = Number(keys, "OutputL1", path) ?? defaults.OutputL1,
                OutputL2 = Number(keys, "OutputL2", path) ?? defaults.OutputL2,
                BatchSize = Int(keys, "BatchSize", path) ?? defaults.BatchSize,
                EvaluateEvery = Int(keys, "EvaluateEvery", path) ?? defaults.EvaluateEvery,
            };
        }

        private List<SweptParameter> ReadSpace(IConfigurationSection section, string path, IReadOnlyList<string> spaceOrder)
        {
            var entries = new List<SweptParameter>();
            if (!IsObject(section, path, "an object naming the settings to sweep, such as { \"DropoutRate\": { \"Values\": [0, 0.1] } }"))
            {
                return entries;
            }

            foreach (var entry in section.GetChildren())
            {
                var entryPath = Join(path, entry.Key);
                var name = TrainingSettings.Sweepable.FirstOrDefault(s => string.Equals(s, entry.Key, StringComparison.OrdinalIgnoreCase));
                if (name is null)
                {
                    var isTrainingSetting = TrainingKeys.Any(k => string.Equals(k, entry.Key, StringComparison.OrdinalIgnoreCase));
                    Problems.Add(isTrainingSetting
                        ? new SettingProblem(entryPath, "not a sweepable setting; Space may name " + string.Join(", ", TrainingSettings.Sweepable))
                        : Unknown(entryPath, entry.Key, TrainingSettings.Sweepable));
                    continue;
                }

                entries.Add(new SweptParameter(name, ReadRange(entry, Join(path, name), TrainingSettings.IsLayerList(name))));
            }

            return entries
                .OrderBy(e => Position(spaceOrder, e.Name))
                .ThenBy(e => Position(TrainingSettings.Sweepable, e.Name))
                .ToList();
        }

        private ParameterRange ReadRange(IConfigurationSection section, string path, bool layerLists)
        {
            var keys = Object(section, path, RangeKeys, "an object with Values, or Min and Max (with Scale and Count)");
            var values = keys.TryGetValue("Values", out var valuesSection) ? valuesSection : null;
            return new ParameterRange
            {
                Values = values is not null && !layerLists ? Numbers(values, Join(path, "Values")) : null,
                LayerValues = values is not null && layerLists ? LayerLists(values, Join(path, "Values")) : null,
                Min = Number(keys, "Min", path),
                Max = Number(keys, "Max", path),
                Scale = Enum(keys, "Scale", path, RangeScale.Linear),
                Count = Int(keys, "Count", path),
            };
        }

        private static int Position(IReadOnlyList<string> order, string name)
        {
            for (var i = 0; i < order.Count; i++)
            {
                if (string.Equals(order[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return int.MaxValue;
        }

        /// <summary>The children of an object section by canonical key; unknown keys are reported.</summary>
        private Dictionary<string, IConfigurationSection> Object(
            IConfigurationSection section, string path, IReadOnlyList<string> known, string? expectation = null)
        {
            var keys = new Dictionary<string, IConfigurationSection>(StringComparer.OrdinalIgnoreCase);
            if (!IsObject(section, path, expectation ?? "an object with the settings " + string.Join(", ", known)))
            {
                return keys;
            }

            foreach (var child in section.GetChildren())
            {
                var name = known.FirstOrDefault(k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase));
                if (name is null)
                {
                    Problems.Add(Unknown(Join(path, child.Key), child.Key, known));
                }
                else
                {
                    keys[name] = child;
                }
            }

            return keys;
        }

        private bool IsObject(IConfigurationSection section, string path, string expectation)
        {
            var children = section.GetChildren().ToList();
            if (section.Value is { } scalar && children.Count == 0)
            {
                Problems.Add(new SettingProblem(path, "must be " + expectation, Quote(scalar)));
                return false;
            }

            if (children.Count > 0 && children.All(c => int.TryParse(c.Key, out _)))
            {
                Problems.Add(new SettingProblem(path, "must be " + expectation + ", not a list"));
                return false;
            }

            return true;
        }

        private static SettingProblem Unknown(string path, string key, IEnumerable<string> known)
        {
            var suggestion = NearestName.Find(key, known);
            return new SettingProblem(
                path,
                suggestion is not null
                    ? $"unknown setting — did you mean {suggestion}?"
                    : "unknown setting; known here: " + string.Join(", ", known));
        }

        /// <summary>
        /// The text of a scalar setting, or null when it is absent, JSON null or empty (then the default applies). A list
        /// or object where a value belongs is reported with <paramref name="expectation"/> and also gives null.
        /// </summary>
        private string? Scalar(Dictionary<string, IConfigurationSection> keys, string name, string path, string expectation)
        {
            if (!keys.TryGetValue(name, out var section))
            {
                return null;
            }

            if (section.GetChildren().Any())
            {
                Problems.Add(new SettingProblem(Join(path, name), expectation + ", not a list or object"));
                return null;
            }

            // Empty text is how a command line or environment variable unsets a setting (--Sweep:Training:BiasL2=).
            return string.IsNullOrWhiteSpace(section.Value) ? null : section.Value;
        }

        private T? Parse<T>(
            Dictionary<string, IConfigurationSection> keys, string name, string path, string expectation, TryParse<T> tryParse)
            where T : struct
        {
            var text = Scalar(keys, name, path, expectation);
            return text is null ? null : ParseText(text, Join(path, name), expectation, tryParse);
        }

        private T? ParseText<T>(string text, string path, string expectation, TryParse<T> tryParse)
            where T : struct
        {
            if (tryParse(text.Trim(), out var value))
            {
                return value;
            }

            Problems.Add(new SettingProblem(path, expectation, Quote(text)));
            return null;
        }

        private string? String(Dictionary<string, IConfigurationSection> keys, string name, string path) =>
            Scalar(keys, name, path, "must be text");

        private double? Number(Dictionary<string, IConfigurationSection> keys, string name, string path) =>
            Parse<double>(keys, name, path, "must be a number", TryNumber);

        private int? Int(Dictionary<string, IConfigurationSection> keys, string name, string path) =>
            Parse<int>(keys, name, path, WholeNumber, TryInt);

        private bool? Bool(Dictionary<string, IConfigurationSection> keys, string name, string path) =>
            Parse<bool>(keys, name, path, "must be true or false", bool.TryParse);

        private ulong Seed(Dictionary<string, IConfigurationSection> keys, string name, string path, ulong fallback) =>
            Parse<ulong>(keys, name, path, "must be a whole number in [0, 18446744073709551615]", TrySeed) ?? fallback;

        private TimeSpan? Duration(Dictionary<string, IConfigurationSection> keys, string name, string path) =>
            Parse<TimeSpan>(keys, name, path, "must be a duration such as 00:05:00 or a number of seconds", TryDuration);

        private T Enum<T>(Dictionary<string, IConfigurationSection> keys, string name, string path, T fallback)
            where T : struct, Enum
        {
            var text = Scalar(keys, name, path, "must be one of " + string.Join(", ", System.Enum.GetNames<T>()));
            if (text is null)
            {
                return fallback;
            }

            // Names only: Enum.TryParse would also take "1" or "Grid,Random".
            var names = System.Enum.GetNames<T>();
            var match = names.FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return System.Enum.Parse<T>(match);
            }

            var suggestion = NearestName.Find(text.Trim(), names);
            Problems.Add(new SettingProblem(
                Join(path, name),
                "must be one of " + string.Join(", ", names) + (suggestion is null ? "" : $" — did you mean {suggestion}?"),
                Quote(text)));
            return fallback;
        }

        /// <summary>The elements of a list section in index order, or null (reported) when it is not a list.</summary>
        private List<IConfigurationSection>? Elements(IConfigurationSection section, string path, string expectation)
        {
            var children = section.GetChildren().ToList();
            if (children.Count == 0)
            {
                if (section.Value is { Length: > 0 } scalar)
                {
                    Problems.Add(new SettingProblem(path, "must be " + expectation, Quote(scalar)));
                    return null;
                }

                return []; // [] and null both arrive as an empty value
            }

            if (!children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                Problems.Add(new SettingProblem(path, "must be " + expectation + ", not an object"));
                return null;
            }

            return children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).ToList();
        }

        private double[]? Numbers(IConfigurationSection section, string path)
        {
            var elements = Elements(section, path, "a list of numbers such as [0, 0.1, 0.2]");

            // An unreadable element stays in place as NaN, so the other elements keep their positions in messages.
            return elements?.Select((e, i) => Element<double>(e, $"{path}[{i}]", "must be a number", TryNumber) ?? double.NaN).ToArray();
        }

        private int[]? Layers(IConfigurationSection section, string path)
        {
            var elements = Elements(section, path, "a list of layer widths such as [512] or [256, 128]");
            return elements?.Select((e, i) => Element<int>(e, $"{path}[{i}]", WholeNumber, TryInt) ?? 0).ToArray();
        }

        private IReadOnlyList<int>[]? LayerLists(IConfigurationSection section, string path)
        {
            var elements = Elements(section, path, "a list of layer lists such as [[64], [512], [256, 128]]");
            return elements?.Select((e, i) => (IReadOnlyList<int>)(Layers(e, $"{path}[{i}]") ?? [0])).ToArray();
        }

        private T? Element<T>(IConfigurationSection element, string path, string expectation, TryParse<T> tryParse)
            where T : struct
        {
            if (element.GetChildren().Any())
            {
                Problems.Add(new SettingProblem(path, expectation + ", not a list or object"));
                return null;
            }

            return ParseText(element.Value ?? "null", path, expectation, tryParse);
        }

        private static bool TryNumber(string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

        private static bool TryInt(string text, out int value)
        {
            // JSON writers may give 1e3 or 100.0 for a whole number.
            value = 0;
            if (!TryNumber(text, out var number) || Math.Floor(number) != number || number < int.MinValue || number > int.MaxValue)
            {
                return false;
            }

            value = (int)number;
            return true;
        }

        private static bool TrySeed(string text, out ulong value) =>
            ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

        private static bool TryDuration(string text, out TimeSpan value)
        {
            // A bare number is seconds (TimeSpan.Parse would read "300" as 300 days).
            if (TryNumber(text, out var seconds))
            {
                var fits = Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds;
                value = fits ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
                return fits;
            }

            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
        }

        private static string Join(string path, string key) => path + ":" + key;

        private static string Quote(string text) => "'" + text + "'";
    }

    private delegate bool TryParse<T>(string text, out T value);
}
