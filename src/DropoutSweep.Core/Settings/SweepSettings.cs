using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// The <c>Sweep</c> section, the root of a sweep file (<see cref="SweepOptions"/>): the search, its seeds and limits,
/// and the nested <c>Dataset</c>, <c>Training</c>, <c>Scheduler</c> and <c>Space</c> sections. <see cref="Section"/> is the whole catalogue.
/// </summary>
public static class SweepSettings
{
    /// <summary>The key of the root section, and the first part of every setting path (<c>Sweep:Training:Epochs</c>).</summary>
    public const string Root = "Sweep";

    public static readonly Setting<SweepOptions, string?> Name = new(
        "Name", "Names the default output folder, results/<Name>.",
        SettingTypes.FolderName, o => o.Name, (o, v) => o with { Name = v ?? new SweepOptions().Name })
    {
        Plan = PlanEffect.RunOnly,
    };

    public static readonly Setting<SweepOptions, SearchStrategy> Strategy = new(
        "Strategy", "Grid: the cartesian product of the Space (its first entry varies slowest); Random: Trials seeded draws.",
        SettingTypes.Enum<SearchStrategy>(), o => o.Strategy, (o, v) => o with { Strategy = v });

    public static readonly Setting<SweepOptions, int?> Trials = new(
        "Trials", "Random only: the number of configurations drawn; raising it later keeps the earlier draws and their results.",
        SettingTypes.OptionalWholeNumber, o => o.Trials, (o, v) => o with { Trials = v })
    {
        Range = ValueRange.AtLeast(1),
        Plan = PlanEffect.Extent,
        AppliesWhen = Condition<SweepOptions>.Is(Strategy, SearchStrategy.Random),
    };

    public static readonly Setting<SweepOptions, ulong> Seed = new(
        "Seed", "Every trial seed and every random draw derive from it.",
        SettingTypes.Seed, o => o.Seed, (o, v) => o with { Seed = v });

    public static readonly Setting<SweepOptions, SeedMode> Seeds = new(
        "Seeds", "Shared: repeat r of every configuration trains from the same seed (common random numbers); PerTrial: every trial from its own.",
        SettingTypes.Enum<SeedMode>(), o => o.Seeds, (o, v) => o with { Seeds = v });

    public static readonly Setting<SweepOptions, int> Repeats = new(
        "Repeats", "Seeds trained per configuration; the ranking uses their mean. Raising it later keeps the finished trials.",
        SettingTypes.WholeNumber, o => o.Repeats, (o, v) => o with { Repeats = v })
    {
        Range = ValueRange.AtLeast(1),
        Plan = PlanEffect.Extent,
    };

    public static readonly Setting<SweepOptions, int> MaxParallelism = new(
        "MaxParallelism", "Local workers; 0 means one per core.",
        SettingTypes.WholeNumber, o => o.MaxParallelism, (o, v) => o with { MaxParallelism = v })
    {
        Range = ValueRange.AtLeast(0, " (0 = one per core)"),
        Plan = PlanEffect.RunOnly,
    };

    public static readonly Setting<SweepOptions, int> MaxTrials = new(
        "MaxTrials", "A plan with more trials (configurations × repeats) is refused, with its computed size.",
        SettingTypes.WholeNumber, o => o.MaxTrials, (o, v) => o with { MaxTrials = v })
    {
        Range = ValueRange.AtLeast(1),
        Plan = PlanEffect.RunOnly,
    };

    public static readonly Setting<SweepOptions, int> MaxAttempts = new(
        "MaxAttempts", "Attempts for a trial that throws before it is recorded as Failed.",
        SettingTypes.WholeNumber, o => o.MaxAttempts, (o, v) => o with { MaxAttempts = v })
    {
        Range = ValueRange.AtLeast(1),
        Plan = PlanEffect.RunOnly,
    };

    public static readonly Setting<SweepOptions, TimeSpan?> TrialTimeout = new(
        "TrialTimeout", "Wall-time limit per trial; a trial past it is cancelled and recorded TimedOut. None by default.",
        SettingTypes.OptionalDuration, o => o.TrialTimeout, (o, v) => o with { TrialTimeout = v })
    {
        Range = ValueRange.Above(0, " (omit it for no limit)"),
        Plan = PlanEffect.RunOnly,
    };

    /// <summary>The <c>Space</c> section.</summary>
    public static SpaceSection Space { get; } = new(TrainingSettings.Section, RangeSettings.Section);

    /// <summary>The root section: the whole catalogue of a sweep file.</summary>
    public static Section<SweepOptions> Section { get; } = new(
        Root,
        "One sweep: what to search, how to seed it, and its limits.",
        [Name, Strategy, Trials, Seed, Seeds, Repeats, MaxParallelism, MaxTrials, MaxAttempts, TrialTimeout],
        rules:
        [
            SectionRule<SweepOptions>.RequiredWhen(
                Trials, Condition<SweepOptions>.Is(Strategy, SearchStrategy.Random), "the number of configurations to draw (>= 1)"),
            SchedulerSettings.FitsTheSweep,
        ],
        sections:
        [
            new NestedSection<SweepOptions, DatasetOptions>(DatasetSettings.Section, o => o.Dataset, (o, v) => o with { Dataset = v }),
            new NestedSection<SweepOptions, TrainingOptions>(TrainingSettings.Section, o => o.Training, (o, v) => o with { Training = v }),
            new NestedSection<SweepOptions, SchedulerOptions>(SchedulerSettings.Section, o => o.Scheduler, (o, v) => o with { Scheduler = v }),
            Space,
        ]);
}
