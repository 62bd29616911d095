using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results;

/// <summary>
/// The sweep's ranking: configurations by mean final validation accuracy over their repeats (descending), then mean
/// final validation loss (ascending), then their first trial id; configurations with a repeat that did not complete
/// with finite metrics come after all others (ordered the same way among themselves, NaN last). With a scheduler, the
/// highest rung a configuration reached comes next, then its metrics at that rung (a configuration pruned there counts
/// as complete), the scheduler's metric first (with <c>ValLoss</c>: loss, then accuracy).
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
    /// then every other swept setting, in <see cref="TrainingSettings.Sweepable"/> (catalogue) order.
    /// </summary>
    public IReadOnlyList<string> SettingColumns { get; }

    /// <summary>The best configuration, or null when no configuration has every repeat completed with finite metrics.</summary>
    /// <remarks>Sound configurations sort first, so the first one is sound exactly when any is.</remarks>
    public RankedConfiguration? Best =>
        Configurations.Count > 0 && Configurations[0].Sound ? Configurations[0] : null;

    /// <summary>Ranks the finished trials of <paramref name="plan"/>; trials without a result are left out (a partial sweep).</summary>
    public static Ranking Build(SweepPlan plan, IReadOnlyList<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);

        var specs = plan.Trials.ToDictionary(trial => trial.TrialId);
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

        var byLoss = plan.Options.Scheduler is { Enabled: true, Metric: Nn.ValidationMetric.ValLoss };
        var summarised = results
            .GroupBy(result => specs[result.TrialId].Configuration)
            .Select(group => Summarise(group.Key, group.OrderBy(r => r.Repeat).ThenBy(r => r.TrialId).Select(r => (specs[r.TrialId], r)).ToArray()))
            .OrderBy(configuration => configuration.Sound ? 0 : 1)
            .ThenByDescending(configuration => configuration.Rung ?? 0);
        var unranked = (byLoss
                ? summarised.ThenBy(configuration => NaNAsHighest(configuration.ValidationLoss.Mean)).ThenByDescending(configuration => NaNAsLowest(configuration.ValidationAccuracy.Mean))
                : summarised.ThenByDescending(configuration => NaNAsLowest(configuration.ValidationAccuracy.Mean)).ThenBy(configuration => NaNAsHighest(configuration.ValidationLoss.Mean)))
            .ThenBy(configuration => configuration.Trials.Min(trial => trial.Spec.TrialId))
            .ToArray();

        var ranked = unranked
            .Select((configuration, index) => configuration with
            {
                Rank = index + 1,
                Trials = configuration.Trials.Select(trial => trial with { Rank = index + 1 }).ToArray(),
            })
            .ToArray();
        return new Ranking(plan, ranked, SettingColumnsOf(plan));
    }

    private static RankedConfiguration Summarise(int configuration, (TrialSpec Spec, TrialResult Result)[] trials)
    {
        var results = trials.Select(trial => trial.Result).ToArray();
        var sound = results.All(r => r.Status is TrialStatus.Completed or TrialStatus.Pruned && double.IsFinite(r.ValidationAccuracy) && double.IsFinite(r.ValidationLoss));
        return new RankedConfiguration(
            0,
            configuration,
            trials[0].Spec.Training,
            trials.Select(trial => new RankedTrial(0, trial.Spec, trial.Result)).ToArray(),
            sound,
            MeanAndDeviation.Of(results.Select(r => r.ValidationAccuracy)),
            MeanAndDeviation.Of(results.Select(r => r.ValidationLoss)),
            MeanAndDeviation.Of(results.Select(r => r.BestValidationAccuracy)),
            MeanAndDeviation.Of(results.Select(r => r.TrainAccuracy)),
            MeanAndDeviation.Of(results.Select(r => r.TrainLoss)))
        {
            Rung = results.Max(r => r.Rung),
        };
    }

    private static IReadOnlyList<string> SettingColumnsOf(SweepPlan plan)
    {
        string[] always = ["DropoutRate", "L2", "LearningRate"];
        return TrainingSettings.Sweepable.Select(s => s.Name).Where(name => always.Contains(name) || plan.SweptSettings.Contains(name)).ToArray();
    }

    private static double NaNAsLowest(double value) => double.IsNaN(value) ? double.NegativeInfinity : value;

    private static double NaNAsHighest(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;
}
