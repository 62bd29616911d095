using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Search;

/// <summary>Expands validated <see cref="SweepOptions"/> into a <see cref="SweepPlan"/> before any trial runs.</summary>
/// <remarks>
/// Configurations are numbered 1, 2, ... in plan order (Grid: the cartesian product with the first <c>Space</c> entry
/// varying slowest; Random: draw 1, 2, ...), repeats 1, 2, ..., and trials 1, 2, ... configuration-major; an extended
/// plan numbers its new trials after the existing ones (<see cref="TrialOrder"/>).
/// Seeds: with <see cref="SeedMode.Shared"/> (the default) trial seed = <c>Rng.Mix(sweep seed, repeat)</c>, the same for
/// every configuration; with <see cref="SeedMode.PerTrial"/> it is <c>Rng.Mix(sweep seed, configuration, repeat)</c>.
/// The draws of Random configuration c come from their own stream <c>Rng(Rng.Mix(sweep seed, ulong.MaxValue, c))</c>,
/// so drawing more configurations leaves the first ones as they were.
/// Grid ranges are numpy's: a Linear range is <c>numpy.linspace(Min, Max, Count)</c>, a Log range
/// <c>numpy.geomspace(Min, Max, Count)</c>, endpoints exact.
/// </remarks>
public static class PlanBuilder
{
    /// <summary>Stream id of the Random strategy's draws; configuration numbers never reach it.</summary>
    private const ulong DrawStream = ulong.MaxValue;

    /// <summary>Expands the plan; for a CSV data set prefer the overload that takes the file's content hash.</summary>
    public static SweepPlan Build(SweepOptions options) => Build(options, datasetContentHash: null);

    /// <summary>
    /// Expands the plan. <paramref name="datasetContentHash"/> (the loaded data set's <see cref="Data.Dataset.ContentHash"/>)
    /// enters the plan hash, so a changed data file is a different plan.
    /// </summary>
    public static SweepPlan Build(SweepOptions options, string? datasetContentHash) => Build(options, datasetContentHash, []);

    /// <summary>
    /// Expands a plan that extends an earlier one whose sizes were <paramref name="earlier"/> (its <see cref="SweepPlan.Extents"/>):
    /// the trials that plan had keep their numbers, the new ones are numbered after them. Throws when the plan is smaller
    /// than the earlier one in configurations or repeats.
    /// </summary>
    public static SweepPlan Build(SweepOptions options, string? datasetContentHash, IReadOnlyList<PlanExtent> earlier)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(earlier);
        var problems = SweepValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "The sweep options are invalid (validate them before building the plan):" + Environment.NewLine
                + string.Join(Environment.NewLine, problems),
                nameof(options));
        }

        var settings = options.Space.Select(p => TrainingSettings.Section[p.Name]).ToArray();
        var (count, values) = options.Strategy == SearchStrategy.Grid ? ExpandGrid(options) : DrawRandom(options);
        var configurations = new PlanConfigurations(options.Training, settings, count, values);
        IReadOnlyList<PlanExtent> extents = [new PlanExtent(configurations.Count, options.Repeats)];
        var trials = new TrialSpec[checked(configurations.Count * options.Repeats)];
        var next = 0;
        foreach (var (configuration, repeat) in TrialOrder(extents))
        {
            trials[next] = new TrialSpec(next + 1, configuration, repeat, TrialSeed(options.Seeds, options.Seed, configuration, repeat), configurations);
            next++;
        }

        var fingerprint = PlanFingerprint.Of(options, datasetContentHash);
        var plan = new SweepPlan(
            options,
            trials,
            options.Space.Select(p => p.Name).ToArray(),
            configurations.Count,
            PlanFingerprint.Hash(fingerprint))
        {
            Fingerprint = fingerprint,
            Extents = extents,
        };
        return earlier.Count > 0 ? Extend(plan, earlier) : plan;
    }

    /// <summary>
    /// <paramref name="plan"/> renumbered as the extension of a plan whose sizes were <paramref name="earlier"/>: the
    /// trials that plan had keep their numbers, the new ones follow. Throws when <paramref name="plan"/> is smaller.
    /// </summary>
    public static SweepPlan Extend(SweepPlan plan, IReadOnlyList<PlanExtent> earlier)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(earlier);
        var now = new PlanExtent(plan.Configurations, plan.Options.Repeats);
        IReadOnlyList<PlanExtent> extents = earlier.Count > 0 && earlier[^1] == now ? earlier : [.. earlier, now];
        var byPair = plan.Trials.ToDictionary(t => (t.Configuration, t.Repeat));
        var trials = TrialOrder(extents).Select((pair, index) => byPair[pair] with { TrialId = index + 1 }).ToArray();
        return plan with { Trials = trials, Extents = extents };
    }

    /// <summary>
    /// The (configuration, repeat) of trial 1, 2, ...: the first extent configuration-major, then for each later extent
    /// the pairs it adds, configuration-major. Throws when an extent is smaller than the one before.
    /// </summary>
    public static IEnumerable<(int Configuration, int Repeat)> TrialOrder(IReadOnlyList<PlanExtent> extents)
    {
        ArgumentNullException.ThrowIfNull(extents);
        for (var i = 1; i < extents.Count; i++)
        {
            if (extents[i].Configurations < extents[i - 1].Configurations || extents[i].Repeats < extents[i - 1].Repeats)
            {
                throw new ArgumentException(
                    $"A plan may only grow: {extents[i].Configurations} configurations x {extents[i].Repeats} repeats follows {extents[i - 1].Configurations} x {extents[i - 1].Repeats}.",
                    nameof(extents));
            }
        }

        return Pairs(extents);
    }

    /// <summary>The seed of one trial (configuration and repeat count from 1).</summary>
    public static ulong TrialSeed(SeedMode mode, ulong sweepSeed, int configuration, int repeat) => mode switch
    {
        SeedMode.Shared => Rng.Mix(sweepSeed, (ulong)repeat),
        SeedMode.PerTrial => Rng.Mix(sweepSeed, (ulong)configuration, (ulong)repeat),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a seed mode"),
    };

    /// <summary>
    /// Number of configurations the options describe, computed without expanding them (saturates at
    /// <see cref="long.MaxValue"/>); null when the space is too broken to tell (a grid range without <c>Count</c>,
    /// a Random sweep without <c>Trials</c>).
    /// </summary>
    public static long? CountConfigurations(SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Strategy == SearchStrategy.Random)
        {
            return options.Trials;
        }

        long product = 1;
        foreach (var parameter in options.Space)
        {
            long? size = parameter.Range.LayerValues?.Count ?? parameter.Range.Values?.Count ?? parameter.Range.Count;
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
        ArgumentNullException.ThrowIfNull(parameter);
        var setting = TrainingSettings.Section[parameter.Name];
        var range = parameter.Range;
        if (range.LayerValues is { } layers)
        {
            return layers.Select(SettingValue.OfLayers).ToArray();
        }

        if (range.Values is { } values)
        {
            return values.Select(v => setting.Normalize(SettingValue.OfNumber(v))).ToArray();
        }

        var (min, max) = Bounds(parameter);
        var count = range.Count ?? throw new InvalidOperationException($"Space entry '{parameter.Name}' is a grid range without Count.");
        var log = range.Scale == RangeScale.Log;
        var (start, stop) = log ? (Math.Log10(min), Math.Log10(max)) : (min, max);
        var step = count > 1 ? (stop - start) / (count - 1) : 0;
        var points = new SettingValue[count];
        for (var i = 0; i < count; i++)
        {
            // numpy.linspace: i * step + start, the last point exactly stop; numpy.geomspace is 10 ** linspace of the
            // logarithms with both endpoints exact.
            var value = i == 0 ? min
                : i == count - 1 ? max
                : log ? Math.Pow(10, (i * step) + start)
                : (i * step) + start;
            points[i] = setting.Normalize(SettingValue.OfNumber(value));
        }

        return points;
    }

    /// <summary>One random draw along one <c>Space</c> entry: a uniform pick of its values, or a uniform / log-uniform point of its range.</summary>
    public static SettingValue Draw(SweptParameter parameter, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(rng);
        var setting = TrainingSettings.Section[parameter.Name];
        var range = parameter.Range;
        if (range.LayerValues is { } layers)
        {
            return SettingValue.OfLayers(layers[rng.NextInt(layers.Count)]);
        }

        if (range.Values is { } values)
        {
            return setting.Normalize(SettingValue.OfNumber(values[rng.NextInt(values.Count)]));
        }

        var (min, max) = Bounds(parameter);
        var u = rng.NextDouble();
        var value = range.Scale == RangeScale.Log
            ? Math.Exp(Math.Log(min) + ((Math.Log(max) - Math.Log(min)) * u))
            : min + ((max - min) * u);
        return setting.Normalize(SettingValue.OfNumber(Math.Clamp(value, min, max)));
    }

    private static IEnumerable<(int Configuration, int Repeat)> Pairs(IReadOnlyList<PlanExtent> extents)
    {
        var previous = new PlanExtent(0, 0);
        foreach (var extent in extents)
        {
            for (var configuration = 1; configuration <= extent.Configurations; configuration++)
            {
                for (var repeat = 1; repeat <= extent.Repeats; repeat++)
                {
                    if (configuration > previous.Configurations || repeat > previous.Repeats)
                    {
                        yield return (configuration, repeat);
                    }
                }
            }

            previous = extent;
        }
    }

    // The grid's values, row by row (one row per configuration, one column per Space entry): the odometer's readings.
    private static (int Count, SettingValue[] Values) ExpandGrid(SweepOptions options)
    {
        var axes = options.Space.Select(GridPoints).ToArray();
        var total = checked((int)(CountConfigurations(options) ?? 0));
        var values = new SettingValue[checked(total * axes.Length)];
        var position = new int[axes.Length];
        for (var n = 0; n < total; n++)
        {
            for (var axis = 0; axis < axes.Length; axis++)
            {
                values[(n * axes.Length) + axis] = axes[axis][position[axis]];
            }

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

        return (total, values);
    }

    // The draws, row by row as for the grid.
    private static (int Count, SettingValue[] Values) DrawRandom(SweepOptions options)
    {
        var count = options.Trials ?? throw new InvalidOperationException("A Random sweep needs Trials.");
        var space = options.Space;
        var values = new SettingValue[checked(count * space.Count)];
        for (var configuration = 1; configuration <= count; configuration++)
        {
            // Each configuration has its own stream, so draw c does not depend on how many draws precede it.
            var rng = new Rng(Rng.Mix(options.Seed, DrawStream, (ulong)configuration));
            for (var i = 0; i < space.Count; i++)
            {
                values[((configuration - 1) * space.Count) + i] = Draw(space[i], rng);
            }
        }

        return (count, values);
    }

    private static (double Min, double Max) Bounds(SweptParameter parameter)
    {
        var range = parameter.Range;
        if (range.Min is not { } min || range.Max is not { } max)
        {
            throw new InvalidOperationException($"Space entry '{parameter.Name}' has neither Values nor Min and Max.");
        }

        return (min, max);
    }

    private static long SaturatingMultiply(long a, long b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }

        return a > long.MaxValue / b ? long.MaxValue : a * b;
    }
}
