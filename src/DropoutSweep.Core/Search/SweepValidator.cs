using System.Globalization;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Search;

/// <summary>
/// Checks the meaning of <see cref="SweepOptions"/> (ranges, required combinations, plan size) and returns every
/// problem at once, each naming the setting (<c>Sweep:Training:Epochs</c>) and the allowed range.
/// </summary>
public static class SweepValidator
{
    /// <summary>The root of every setting path.</summary>
    public const string Root = "Sweep";

    private static readonly char[] s_badNameCharacters = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

    /// <summary>Every problem of <paramref name="options"/>; empty when the sweep can be planned and run.</summary>
    public static IReadOnlyList<SettingProblem> Validate(SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<SettingProblem>();
        ValidateRun(options, problems);
        ValidateDataset(options.Dataset, problems);
        ValidateTraining(options.Training, problems);
        var spaceIsCountable = ValidateSpace(options, problems);
        if (spaceIsCountable)
        {
            ValidatePlanSize(options, problems);
        }

        return problems;
    }

    /// <summary>
    /// The rule for one numeric training setting: null when <paramref name="value"/> is allowed, otherwise what is
    /// allowed (<c>must be in [0, 1)</c>).
    /// </summary>
    public static string? CheckSetting(string name, double value) => name switch
    {
        "DropoutRate" or "Momentum" => value is >= 0 and < 1 ? null : "must be in [0, 1)",
        "L1" or "L2" or "BiasL1" or "BiasL2" or "OutputL1" or "OutputL2" or "Decay" =>
            value >= 0 && double.IsFinite(value) ? null : "must be >= 0",
        "LearningRate" => value > 0 && double.IsFinite(value) ? null : "must be > 0",
        "Epochs" or "EvaluateEvery" => IsWhole(value, 1) ? null : "must be a whole number in [1, 2147483647]",
        "BatchSize" => IsWhole(value, 0) ? null : "must be a whole number in [0, 2147483647] (0 = full batch)",
        _ => throw new ArgumentException($"'{name}' is not a numeric training setting.", nameof(name)),
    };

    private static void ValidateRun(SweepOptions options, List<SettingProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.IndexOfAny(s_badNameCharacters) >= 0
            || options.Name is "." or "..")
        {
            problems.Add(new SettingProblem(
                Path("Name"), "must be a non-empty folder name without / \\ : * ? \" < > |", Quote(options.Name)));
        }

        CheckEnum(options.Strategy, Path("Strategy"), problems);
        AtLeast(options.Repeats, 1, Path("Repeats"), problems);
        AtLeast(options.MaxParallelism, 0, Path("MaxParallelism"), problems, " (0 = one per core)");
        AtLeast(options.MaxTrials, 1, Path("MaxTrials"), problems);
        AtLeast(options.MaxAttempts, 1, Path("MaxAttempts"), problems);
        if (options.TrialTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            problems.Add(new SettingProblem(
                Path("TrialTimeout"), "must be > 0 (omit it for no limit)", timeout.ToString("c", CultureInfo.InvariantCulture)));
        }

        if (options.Strategy == SearchStrategy.Random)
        {
            if (options.Trials is not { } trials)
            {
                problems.Add(new SettingProblem(Path("Trials"), "required for Strategy Random: the number of configurations to draw (>= 1)"));
            }
            else
            {
                AtLeast(trials, 1, Path("Trials"), problems);
            }
        }
    }

    private static void ValidateDataset(DatasetOptions dataset, List<SettingProblem> problems)
    {
        CheckEnum(dataset.Kind, Path("Dataset", "Kind"), problems);
        if (dataset.ValidationFraction is { } fraction && !(fraction > 0 && fraction < 1))
        {
            problems.Add(new SettingProblem(Path("Dataset", "ValidationFraction"), "must be in (0, 1)", Number(fraction)));
        }

        if (dataset.Kind == DatasetKind.Spiral)
        {
            AtLeast(dataset.Samples, 2, Path("Dataset", "Samples"), problems, " (points per class)");
            AtLeast(dataset.Classes, 2, Path("Dataset", "Classes"), problems);
            switch (dataset.ValidationFraction, dataset.ValidationSamples)
            {
                case (null, null):
                    problems.Add(new SettingProblem(
                        Path("Dataset"),
                        "set ValidationFraction (in (0, 1)) or ValidationSamples (a separate validation spiral, points per class)"));
                    break;
                case ({ }, { }):
                    problems.Add(new SettingProblem(
                        Path("Dataset"), "set ValidationFraction or ValidationSamples, not both"));
                    break;
                case (null, { } samples):
                    AtLeast(samples, 2, Path("Dataset", "ValidationSamples"), problems, " (points per class)");
                    break;
            }
        }
        else if (dataset.Kind == DatasetKind.Csv)
        {
            if (string.IsNullOrWhiteSpace(dataset.Path))
            {
                problems.Add(new SettingProblem(Path("Dataset", "Path"), "required for Kind Csv: the CSV file to read"));
            }

            if (dataset.ValidationFraction is null)
            {
                problems.Add(new SettingProblem(Path("Dataset", "ValidationFraction"), "required for Kind Csv: a fraction in (0, 1)"));
            }

            if (dataset.ValidationSamples is { } samples)
            {
                problems.Add(new SettingProblem(
                    Path("Dataset", "ValidationSamples"), "only for Kind Spiral; use ValidationFraction for Csv", Number(samples)));
            }
        }
    }

    private static void ValidateTraining(TrainingOptions training, List<SettingProblem> problems)
    {
        CheckLayers(training.Hidden, Path("Training", "Hidden"), problems);
        CheckEnum(training.Optimizer, Path("Training", "Optimizer"), problems);
        foreach (var name in (string[])["EvaluateEvery", .. TrainingSettings.Sweepable])
        {
            if (TrainingSettings.IsLayerList(name))
            {
                continue;
            }

            var value = name switch
            {
                "EvaluateEvery" => training.EvaluateEvery,
                "BiasL1" => training.BiasL1,
                "BiasL2" => training.BiasL2,
                _ => TrainingSettings.GetNumber(training, name),
            };
            if (value is { } number && CheckSetting(name, number) is { } rule)
            {
                problems.Add(new SettingProblem(Path("Training", name), rule, Number(number)));
            }
        }
    }

    /// <summary>Validates the Space; false when its size cannot be computed.</summary>
    private static bool ValidateSpace(SweepOptions options, List<SettingProblem> problems)
    {
        var countable = true;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in options.Space)
        {
            var path = Path("Space", parameter.Name);
            if (!TrainingSettings.Sweepable.Contains(parameter.Name))
            {
                problems.Add(new SettingProblem(
                    path, "not a sweepable setting; Space may name " + string.Join(", ", TrainingSettings.Sweepable)));
                countable = false;
                continue;
            }

            if (!seen.Add(parameter.Name))
            {
                problems.Add(new SettingProblem(path, "named twice in Space"));
                continue;
            }

            countable &= TrainingSettings.IsLayerList(parameter.Name)
                ? ValidateLayerRange(parameter, path, problems)
                : ValidateNumberRange(parameter, options.Strategy, path, problems);
        }

        return countable;
    }

    private static bool ValidateLayerRange(SweptParameter parameter, string path, List<SettingProblem> problems)
    {
        var range = parameter.Range;
        if (range.Values is not null || range.Min is not null || range.Max is not null || range.Count is not null)
        {
            problems.Add(new SettingProblem(path, "Hidden takes only Values, a list of layer lists such as [[64], [512], [256, 128]]"));
        }

        if (range.LayerValues is not { } layers)
        {
            problems.Add(new SettingProblem(Path(path, "Values"), "required: a list of layer lists such as [[64], [512], [256, 128]]"));
            return false;
        }

        if (layers.Count == 0)
        {
            problems.Add(new SettingProblem(Path(path, "Values"), "must not be empty"));
        }

        for (var i = 0; i < layers.Count; i++)
        {
            CheckLayers(layers[i], $"{path}:Values[{i}]", problems);
        }

        return true;
    }

    private static bool ValidateNumberRange(SweptParameter parameter, SearchStrategy strategy, string path, List<SettingProblem> problems)
    {
        var range = parameter.Range;
        var name = parameter.Name;
        if (range.LayerValues is not null)
        {
            problems.Add(new SettingProblem(Path(path, "Values"), "must be a list of numbers (layer lists are only for Hidden)"));
            return false;
        }

        CheckEnum(range.Scale, Path(path, "Scale"), problems);
        if (range.Values is { } values)
        {
            if (range.Min is not null || range.Max is not null || range.Count is not null)
            {
                problems.Add(new SettingProblem(path, "give either Values or Min/Max (with Scale and Count), not both"));
            }

            if (values.Count == 0)
            {
                problems.Add(new SettingProblem(Path(path, "Values"), "must not be empty"));
            }

            for (var i = 0; i < values.Count; i++)
            {
                if (CheckSetting(name, values[i]) is { } rule)
                {
                    problems.Add(new SettingProblem($"{path}:Values[{i}]", rule, Number(values[i])));
                }
            }

            return true;
        }

        if (range.Min is not { } min || range.Max is not { } max)
        {
            problems.Add(new SettingProblem(
                path, "needs Values, or Min and Max" + (range.Min is null && range.Max is null ? "" : " (both)")));
            return strategy == SearchStrategy.Random || range.Count is not null;
        }

        var boundsValid = true;
        foreach (var (bound, value) in (ReadOnlySpan<(string, double)>)[("Min", min), ("Max", max)])
        {
            if (CheckSetting(name, value) is { } rule)
            {
                problems.Add(new SettingProblem(Path(path, bound), rule, Number(value)));
                boundsValid = false;
            }
        }

        if (min > max)
        {
            problems.Add(new SettingProblem(
                Path(path, "Min"), $"must be <= Max ({Number(max)})", Number(min)));
        }

        if (range.Scale == RangeScale.Log && min <= 0 && boundsValid)
        {
            problems.Add(new SettingProblem(Path(path, "Min"), "must be > 0 for Scale Log", Number(min)));
        }

        if (strategy == SearchStrategy.Grid)
        {
            if (range.Count is not { } count)
            {
                problems.Add(new SettingProblem(Path(path, "Count"), "required for a Grid range: the number of points (>= 1)"));
                return false;
            }

            AtLeast(count, 1, Path(path, "Count"), problems);
        }

        return true;
    }

    private static void ValidatePlanSize(SweepOptions options, List<SettingProblem> problems)
    {
        if (PlanBuilder.CountConfigurations(options) is not { } configurations || options.Repeats < 1 || options.MaxTrials < 1)
        {
            return;
        }

        var trials = PlanBuilder.CountTrials(options)!.Value;
        if (trials > options.MaxTrials)
        {
            var size = trials == long.MaxValue ? "more than 9223372036854775807" : Number(trials);
            problems.Add(new SettingProblem(
                Path("MaxTrials"),
                $"the plan has {size} trials ({Number(configurations)} configurations x {Number(options.Repeats)} repeats), "
                + "more than MaxTrials allows; shrink the Space or raise MaxTrials",
                Number(options.MaxTrials)));
        }
    }

    private static void CheckLayers(IReadOnlyList<int> layers, string path, List<SettingProblem> problems)
    {
        if (layers.Count == 0)
        {
            problems.Add(new SettingProblem(path, "needs at least one hidden layer width, e.g. [512]"));
        }

        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] < 1)
            {
                problems.Add(new SettingProblem($"{path}[{i}]", "layer width must be >= 1", Number(layers[i])));
            }
        }
    }

    private static void CheckEnum<T>(T value, string path, List<SettingProblem> problems)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            problems.Add(new SettingProblem(path, "must be one of " + string.Join(", ", Enum.GetNames<T>()), value.ToString()));
        }
    }

    private static void AtLeast(long value, long minimum, string path, List<SettingProblem> problems, string note = "")
    {
        if (value < minimum)
        {
            problems.Add(new SettingProblem(path, $"must be >= {Number(minimum)}{note}", Number(value)));
        }
    }

    private static bool IsWhole(double value, double minimum) =>
        value >= minimum && value <= int.MaxValue && Math.Floor(value) == value;

    private static string Path(params string[] parts) => string.Join(':', parts[0] == Root || parts[0].StartsWith(Root + ":", StringComparison.Ordinal) ? parts : [Root, .. parts]);

    private static string Number(double value) => PlanFingerprint.Number(value);

    private static string Quote(string text) => "'" + text + "'";
}
