using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Results;

/// <summary>
/// The sweep's ranking: one entry per configuration with a finished trial, ordered by <see cref="ConfigurationScore"/>
/// (complete configurations first, then by mean final validation accuracy over the repeats, mean final validation loss,
/// configuration number). A configuration whose planned repeats have not all finished can never be best.
/// </summary>
public sealed class Ranking
{
    private Ranking(SweepPlan plan, IReadOnlyList<RankedConfiguration> configurations, IReadOnlyList<string> settingColumns)
    {
        Plan = plan;
        Configurations = configurations;
        Trials = configurations.SelectMany(configuration => configuration.Trials).ToArray();
        SettingColumns = settingColumns;
    }

    /// <summary>The plan the results belong to.</summary>
    public SweepPlan Plan { get; }

    /// <summary>Configurations with at least one finished trial, best first.</summary>
    public IReadOnlyList<RankedConfiguration> Configurations { get; }

    /// <summary>Every finished trial: configurations in rank order, repeats in order within each.</summary>
    public IReadOnlyList<RankedTrial> Trials { get; }

    /// <summary>
    /// Settings shown as report columns, by <see cref="TrainingSettings"/> name: DropoutRate, L2 and LearningRate always,
    /// then every other swept setting, in <see cref="TrainingSettings.Sweepable"/> order.
    /// </summary>
    public IReadOnlyList<string> SettingColumns { get; }

    /// <summary>The best configuration, or null when no configuration has every planned repeat completed with finite metrics.</summary>
    /// <remarks>Complete configurations sort first, so the first one is complete exactly when any is.</remarks>
    public RankedConfiguration? Best =>
        Configurations.Count > 0 && Configurations[0].Sound ? Configurations[0] : null;

    /// <summary>Ranks the finished trials of <paramref name="plan"/>; trials without a result are left out (a partial sweep).</summary>
    public static Ranking Build(SweepPlan plan, IReadOnlyList<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);

        var specs = plan.Trials.ToDictionary(trial => trial.TrialId);
        var planned = PlannedRepeats(plan);
        var seen = new HashSet<int>();
        foreach (var result in results)
        {
            if (!specs.ContainsKey(result.TrialId))
            {
                throw new ArgumentException($"Trial {result.TrialId} is not in the plan ({plan.Trials.Count} trials).", nameof(results));
            }

            if (!seen.Add(result.TrialId))
            {
                throw new ArgumentException($"Trial {result.TrialId} has more than one result.", nameof(results));
            }
        }

        var configurations = results
            .GroupBy(result => specs[result.TrialId].ConfigIndex)
            .Select(group => Summarise(group.Key, planned[group.Key], group.OrderBy(r => r.Repeat).ThenBy(r => r.TrialId).Select(r => (specs[r.TrialId], r)).ToArray()))
            .OrderBy(configuration => configuration.Score)
            .Select((configuration, index) => configuration with
            {
                Rank = index + 1,
                Trials = configuration.Trials.Select(trial => trial with { Rank = index + 1 }).ToArray(),
            })
            .ToArray();
        return new Ranking(plan, configurations, SettingColumnsOf(plan));
    }

    /// <summary>The number of trials the plan holds for each configuration.</summary>
    public static IReadOnlyDictionary<int, int> PlannedRepeats(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var counts = new Dictionary<int, int>();
        foreach (var trial in plan.Trials)
        {
            counts[trial.ConfigIndex] = counts.GetValueOrDefault(trial.ConfigIndex) + 1;
        }

        return counts;
    }

    private static RankedConfiguration Summarise(int configIndex, int plannedRepeats, (TrialSpec Spec, TrialResult Result)[] trials) =>
        new(
            0,
            configIndex,
            trials[0].Spec.Training,
            trials.Select(trial => new RankedTrial(0, trial.Spec, trial.Result)).ToArray(),
            plannedRepeats,
            ConfigurationScore.Of(configIndex, plannedRepeats, trials.Select(trial => trial.Result).ToArray()));

    private static IReadOnlyList<string> SettingColumnsOf(SweepPlan plan)
    {
        string[] always = ["DropoutRate", "L2", "LearningRate"];
        return TrainingSettings.Sweepable.Where(name => always.Contains(name) || plan.SweptSettings.Contains(name)).ToArray();
    }
}
