using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Core.Search;

/// <summary>Expands validated <see cref="SweepOptions"/> into a <see cref="SweepPlan"/> before any trial runs.</summary>
/// <remarks>
/// Order: configurations in plan order (Grid: the cartesian product with the first <c>Space</c> entry varying slowest;
/// Random: draw 0, 1, ...), each trained <see cref="SweepOptions.Repeats"/> times; trial ids count 1, 2, ... in that
/// order (configuration-major, repeat-minor).
/// Seeds: trial seed = <c>Rng.Mix(sweep seed, configuration index, repeat)</c>; the draws of Random configuration i
/// come from their own stream <c>Rng(Rng.Mix(sweep seed, ulong.MaxValue, i))</c>. So raising <c>Repeats</c> or
/// <c>Trials</c> leaves every existing (configuration, repeat) with the same settings and seed; reshaping a grid
/// renumbers configurations (and the plan hash changes, so a resume refuses it).
/// </remarks>
public static class PlanBuilder
{
    /// <summary>Stream id of the Random strategy's draws; configuration indices never reach it.</summary>
    private const ulong DrawStream = ulong.MaxValue;

    /// <summary>Expands the plan; for a CSV data set prefer the overload that takes the file's content hash.</summary>
    public static SweepPlan Build(SweepOptions options) => Build(options, datasetContentHash: null);

    /// <summary>
    /// Expands the plan. <paramref name="datasetContentHash"/> (the loaded data set's <see cref="Data.Dataset.ContentHash"/>,
    /// the SHA-256 of the CSV file) enters the plan hash, so a changed data file is a different plan.
    /// </summary>
    public static SweepPlan Build(SweepOptions options, string? datasetContentHash)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = SweepValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "The sweep options are invalid (validate them before building the plan):" + Environment.NewLine
                + string.Join(Environment.NewLine, problems),
                nameof(options));
        }

        var configurations = options.Strategy == SearchStrategy.Grid ? ExpandGrid(options) : DrawRandom(options);
        var trials = new List<TrialSpec>(checked(configurations.Count * options.Repeats));
        for (var config = 0; config < configurations.Count; config++)
        {
            for (var repeat = 0; repeat < options.Repeats; repeat++)
            {
                trials.Add(new TrialSpec(
                    TrialId: trials.Count + 1,
                    ConfigIndex: config,
                    Repeat: repeat,
                    Seed: TrialSeed(options.Seed, config, repeat),
                    Training: configurations[config]));
            }
        }

        var fingerprint = PlanFingerprint.Of(options, datasetContentHash);
        return new SweepPlan(
            options,
            trials,
            options.Space.Select(p => p.Name).ToArray(),
            configurations.Count,
            PlanFingerprint.Hash(fingerprint))
        {
            Fingerprint = fingerprint,
        };
    }

    /// <summary>The seed of one trial: a hash of (sweep seed, configuration index, repeat).</summary>
    public static ulong TrialSeed(ulong sweepSeed, int configIndex, int repeat) =>
        Rng.Mix(sweepSeed, (ulong)configIndex, (ulong)repeat);

    /// <summary>
    /// Number of configurations the options describe, computed without expanding them (saturates at
    /// <see cref="long.MaxValue"/>); null when the space is too broken to tell (a grid range without <c>Count</c>,
    /// a Random sweep without <c>Trials</c>).
    /// </summary>
    public static long? CountConfigurations(SweepOptions options)
    {
        if (options.Strategy == SearchStrategy.Random)
        {
            return options.Trials;
        }

        long product = 1;
        foreach (var parameter in options.Space)
        {
            long? size = parameter.Range.Values?.Count ?? parameter.Range.LayerValues?.Count ?? parameter.Range.Count;
            if (size is null || size < 0)
            {
                return null;
            }

            product = SaturatingMultiply(product, size.Value);
        }

        return product;
    }

    /// <summary>Number of trials (configurations × repeats) without expanding; null as for <see cref="CountConfigurations"/>.</summary>
    public static long? CountTrials(SweepOptions options) =>
        CountConfigurations(options) is { } configurations ? SaturatingMultiply(configurations, Math.Max(options.Repeats, 0)) : null;

    /// <summary>The values a grid takes along one <c>Space</c> entry, in order.</summary>
    public static IReadOnlyList<SettingValue> GridPoints(SweptParameter parameter)
    {
        var range = parameter.Range;
        if (range.LayerValues is { } layers)
        {
            return layers.Select(SettingValue.OfLayers).ToArray();
        }

        if (range.Values is { } values)
        {
            return values.Select(v => SettingValue.OfNumber(Round(parameter.Name, v))).ToArray();
        }

        var (min, max, count) = Bounds(parameter, range.Count ?? throw new InvalidOperationException(
            $"Space entry '{parameter.Name}' is a grid range without Count."));
        var points = new SettingValue[count];
        for (var i = 0; i < count; i++)
        {
            // Endpoints are exact: Count 1 gives Min, the last point is Max without rounding error.
            var value = i == 0 ? min
                : i == count - 1 ? max
                : range.Scale == RangeScale.Log ? min * Math.Pow(max / min, (double)i / (count - 1))
                : min + ((max - min) * i / (count - 1));
            points[i] = SettingValue.OfNumber(Round(parameter.Name, value));
        }

        return points;
    }

    /// <summary>One random draw along one <c>Space</c> entry: a uniform pick of its values, or a uniform / log-uniform point of its range.</summary>
    public static SettingValue Draw(SweptParameter parameter, Rng rng)
    {
        var range = parameter.Range;
        if (range.LayerValues is { } layers)
        {
            return SettingValue.OfLayers(layers[rng.NextInt(layers.Count)]);
        }

        if (range.Values is { } values)
        {
            return SettingValue.OfNumber(Round(parameter.Name, values[rng.NextInt(values.Count)]));
        }

        var (min, max, _) = Bounds(parameter, 1);
        var u = rng.NextDouble();
        var value = range.Scale == RangeScale.Log
            ? Math.Exp(Math.Log(min) + ((Math.Log(max) - Math.Log(min)) * u))
            : min + ((max - min) * u);
        return SettingValue.OfNumber(Round(parameter.Name, Math.Clamp(value, min, max)));
    }

    private static List<TrainingOptions> ExpandGrid(SweepOptions options)
    {
        var axes = options.Space.Select(GridPoints).ToArray();
        var total = checked((int)(CountConfigurations(options) ?? 0));
        var configurations = new List<TrainingOptions>(total);
        var position = new int[axes.Length];
        for (var n = 0; n < total; n++)
        {
            var training = options.Training;
            for (var axis = 0; axis < axes.Length; axis++)
            {
                training = axes[axis][position[axis]].ApplyTo(training, options.Space[axis].Name);
            }

            configurations.Add(training);

            // Odometer: the last Space entry turns fastest, so the first one varies slowest.
            for (var axis = axes.Length - 1; axis >= 0; axis--)
            {
                if (++position[axis] < axes[axis].Count)
                {
                    break;
                }

                position[axis] = 0;
            }
        }

        return configurations;
    }

    private static List<TrainingOptions> DrawRandom(SweepOptions options)
    {
        var count = options.Trials ?? throw new InvalidOperationException("A Random sweep needs Trials.");
        var configurations = new List<TrainingOptions>(count);
        for (var config = 0; config < count; config++)
        {
            // Each configuration has its own stream, so draw i does not depend on how many draws precede it.
            var rng = new Rng(Rng.Mix(options.Seed, DrawStream, (ulong)config));
            var training = options.Training;
            foreach (var parameter in options.Space)
            {
                training = Draw(parameter, rng).ApplyTo(training, parameter.Name);
            }

            configurations.Add(training);
        }

        return configurations;
    }

    private static (double Min, double Max, int Count) Bounds(SweptParameter parameter, int count)
    {
        var range = parameter.Range;
        if (range.Min is not { } min || range.Max is not { } max)
        {
            throw new InvalidOperationException($"Space entry '{parameter.Name}' has neither Values nor Min and Max.");
        }

        return (min, max, count);
    }

    private static double Round(string name, double value) =>
        TrainingSettings.IntegerSettings.Contains(name) ? Math.Round(value, MidpointRounding.AwayFromZero) : value;

    private static long SaturatingMultiply(long a, long b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }

        return a > long.MaxValue / b ? long.MaxValue : a * b;
    }
}
