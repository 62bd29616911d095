using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Search;

/// <summary>
/// Checks the meaning of <see cref="SweepOptions"/> and returns every problem at once, each naming the setting
/// (<c>Sweep:Training:Epochs</c>) and the allowed range. The checks are the settings catalogue's
/// (<see cref="SweepSettings.Section"/>: ranges, rules, the Space), plus the plan's size against <c>MaxTrials</c>.
/// </summary>
public static class SweepValidator
{
    /// <summary>The root of every setting path.</summary>
    public const string Root = SweepSettings.Root;

    /// <summary>Every problem of <paramref name="options"/>; empty when the sweep can be planned and run.</summary>
    public static IReadOnlyList<SettingProblem> Validate(SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<SettingProblem>();
        SweepSettings.Section.Validate(options, Root, problems);
        ValidatePlanSize(options, problems);
        return problems;
    }

    private static void ValidatePlanSize(SweepOptions options, List<SettingProblem> problems)
    {
        // A Space with a setting that cannot be swept has no size to speak of.
        if (options.Space.Any(p => TrainingSettings.Section.Find(p.Name) is not { Sweepable: true })
            || PlanBuilder.CountConfigurations(options) is not { } configurations
            || options.Repeats < 1 || options.MaxTrials < 1)
        {
            return;
        }

        var trials = PlanBuilder.CountTrials(options)!.Value;
        if (trials > options.MaxTrials)
        {
            var size = trials == long.MaxValue ? "more than 9223372036854775807" : Number(trials);
            problems.Add(new SettingProblem(
                Root + ":" + SweepSettings.MaxTrials.Name,
                $"the plan has {size} trials ({Number(configurations)} configurations x {Number(options.Repeats)} repeats), "
                + "more than MaxTrials allows; shrink the Space or raise MaxTrials",
                Number(options.MaxTrials)));
        }
    }

    private static string Number(double value) => PlanFingerprint.Number(value);
}
