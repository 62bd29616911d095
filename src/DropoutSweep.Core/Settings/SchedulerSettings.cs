using System.Globalization;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>The <c>Sweep:Scheduler</c> section (<see cref="SchedulerOptions"/>): successive halving or Hyperband in synchronous rungs.</summary>
public static class SchedulerSettings
{
    public static readonly Setting<SchedulerOptions, SchedulerKind> Kind = new(
        "Kind", "None: every trial trains all its epochs; SuccessiveHalving: rungs that keep the best 1/ReductionFactor; Hyperband: several such brackets.",
        SettingTypes.Enum<SchedulerKind>(), o => o.Kind, (o, v) => o with { Kind = v });

    private static readonly Condition<SchedulerOptions> s_rungs = Condition<SchedulerOptions>.Is(Kind, SchedulerKind.SuccessiveHalving, SchedulerKind.Hyperband);
    private static readonly Condition<SchedulerOptions> s_hyperband = Condition<SchedulerOptions>.Is(Kind, SchedulerKind.Hyperband);

    public static readonly Setting<SchedulerOptions, int?> MinEpochs = new(
        "MinEpochs", "The first rung's budget in epochs; rung k trains to MinEpochs·ReductionFactor^k, the last to Training:Epochs.",
        SettingTypes.OptionalWholeNumber, o => o.MinEpochs, (o, v) => o with { MinEpochs = v })
    {
        Range = ValueRange.AtLeast(1),
        AppliesWhen = s_rungs,
    };

    public static readonly Setting<SchedulerOptions, int> ReductionFactor = new(
        "ReductionFactor", "η: a rung promotes the best ⌈n/η⌉ of its n configurations and trains them η times longer.",
        SettingTypes.WholeNumber, o => o.ReductionFactor, (o, v) => o with { ReductionFactor = v })
    {
        Range = ValueRange.WholeFrom(2),
        AppliesWhen = s_rungs,
    };

    public static readonly Setting<SchedulerOptions, ValidationMetric> Metric = new(
        "Metric", "What ranks configurations at a rung, as their mean over the repeats: ValAccuracy (higher is better) or ValLoss (lower is better).",
        SettingTypes.Enum<ValidationMetric>(), o => o.Metric, (o, v) => o with { Metric = v })
    {
        AppliesWhen = s_rungs,
    };

    public static readonly Setting<SchedulerOptions, int?> Brackets = new(
        "Brackets", "Hyperband: how many brackets, the most aggressive first (1 is successive halving); default: one per rung.",
        SettingTypes.OptionalWholeNumber, o => o.Brackets, (o, v) => o with { Brackets = v })
    {
        Range = ValueRange.AtLeast(1),
        AppliesWhen = s_hyperband,
    };

    /// <summary>The section.</summary>
    public static Section<SchedulerOptions> Section { get; } = new(
        "Scheduler",
        "Prunes configurations in synchronous rungs (successive halving, Hyperband); None trains every trial to the end.",
        [Kind, MinEpochs, ReductionFactor, Metric, Brackets],
        rules:
        [
            SectionRule<SchedulerOptions>.RequiredWhen(MinEpochs, s_rungs, "the first rung's budget in epochs (>= 1)"),
            SectionRule<SchedulerOptions>.OnlyWhen(Brackets, s_hyperband, "successive halving is one bracket"),
        ]);

    /// <summary>
    /// The scheduler against the rest of the sweep (a rule of the <c>Sweep</c> section): MinEpochs below Training:Epochs
    /// and a multiple of Training:EvaluateEvery (every rung ends on an evaluation), Brackets at most the rungs, and
    /// Epochs not swept (it is the last rung's budget, one for all).
    /// </summary>
    public static SectionRule<SweepOptions> FitsTheSweep { get; } = SectionRule<SweepOptions>.Custom(
        "with a scheduler, MinEpochs is below Training:Epochs and a multiple of Training:EvaluateEvery, Brackets is at most the number of rungs, and the Space does not sweep Epochs",
        [MinEpochs, Brackets, TrainingSettings.Epochs, TrainingSettings.EvaluateEvery],
        (options, path, problems) =>
        {
            var scheduler = options.Scheduler;
            if (!scheduler.Enabled)
            {
                return;
            }

            var section = SettingPaths.Join(path, Section.Name);
            if (options.Space.FirstOrDefault(p => string.Equals(p.Name, TrainingSettings.Epochs.Name, StringComparison.OrdinalIgnoreCase)) is { } epochsSwept)
            {
                problems.Add(new SettingProblem(
                    SettingPaths.Join(SettingPaths.Join(path, "Space"), epochsSwept.Name),
                    "cannot be swept with a scheduler: Training:Epochs is the last rung's budget, the same for every configuration"));
            }

            var training = options.Training;
            if (scheduler.MinEpochs is not { } minEpochs || minEpochs < 1 || training.Epochs < 1 || training.EvaluateEvery < 1 || scheduler.ReductionFactor < 2)
            {
                return; // the settings' own checks report these
            }

            var minEpochsPath = SettingPaths.Join(section, MinEpochs.Name);
            var value = minEpochs.ToString(CultureInfo.InvariantCulture);
            if (minEpochs >= training.Epochs)
            {
                problems.Add(new SettingProblem(minEpochsPath, $"must be below Training:Epochs ({Number(training.Epochs)}), the last rung's budget", value));
                return;
            }

            if (minEpochs % training.EvaluateEvery != 0)
            {
                problems.Add(new SettingProblem(minEpochsPath, $"must be a multiple of Training:EvaluateEvery ({Number(training.EvaluateEvery)}), so that every rung ends on an evaluation", value));
            }

            var budgets = RungLadder.Budgets(minEpochs, scheduler.ReductionFactor, training.Epochs);
            if (scheduler.Kind == SchedulerKind.Hyperband && scheduler.Brackets is { } brackets && brackets > budgets.Count)
            {
                problems.Add(new SettingProblem(
                    SettingPaths.Join(section, Brackets.Name),
                    $"must be at most {budgets.Count}, the number of rungs ({string.Join(", ", budgets.Select(Number))} epochs)",
                    brackets.ToString(CultureInfo.InvariantCulture)));
            }
        });

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
