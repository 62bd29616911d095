using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results;

/// <summary>
/// The sweep's ranking: one entry per configuration with a finished trial, ordered by <see cref="ConfigurationScore"/>
/// (complete configurations first, then by mean final validation accuracy over the repeats, mean final validation loss,
/// configuration number; with a scheduler the highest rung reached comes before the metrics). A configuration whose
/// planned repeats have not all finished can never be best.
/// </summary>
public sealed class Ranking
{
    private Ranking(SweepPlan plan, IReadOnlyList<RankedConfiguration> configurations, IReadOnlyList<RankedTrial> trials, IReadOnlyList<string> settingColumns)
    {
        Plan = plan;
        Configurations = configurations;
        Trials = trials;
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

    /// <summary>The best configuration, or null when no configuration has every planned repeat completed with finite metrics.</summary>
    /// <remarks>Complete configurations sort first, so the first one is complete exactly when any is.</remarks>
    public RankedConfiguration? Best =>
        Configurations.Count > 0 && Configurations[0].Sound ? Configurations[0] : null;

    /// <summary>Ranks the finished trials of <paramref name="plan"/>; trials without a result are left out (a partial sweep).</summary>
    /// <remarks>Lean on memory (100,000 results): one sort of the results into runs per configuration, one sort of those runs.</remarks>
    public static Ranking Build(SweepPlan plan, IReadOnlyList<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);

        // Planned repeats per configuration (index: its number − 1); trials are found by number in the plan, no tables.
        var planned = new int[plan.Configurations];
        foreach (var trial in plan.Trials)
        {
            planned[trial.Configuration - 1]++;
        }

        var finished = new (TrialSpec Spec, TrialResult Result)[results.Count];
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            finished[i] = plan.Trial(result.TrialId) is { } spec
                ? (spec, result)
                : throw new ArgumentException($"Trial {result.TrialId} is not in the plan ({plan.Trials.Count} trials).", nameof(results));
        }

        // Runs of one configuration, repeats in order.
        Array.Sort(finished, (a, b) => (a.Spec.Configuration, a.Result.Repeat, a.Result.TrialId).CompareTo((b.Spec.Configuration, b.Result.Repeat, b.Result.TrialId)));
        var runs = new List<(int Start, int Count, ConfigurationScore Score)>(Math.Min(plan.Configurations, finished.Length));
        var lossFirst = LossFirst(plan);
        var repeats = new List<TrialResult>();
        for (var start = 0; start < finished.Length;)
        {
            var config = finished[start].Spec.Configuration;
            var end = start;
            repeats.Clear();
            while (end < finished.Length && finished[end].Spec.Configuration == config)
            {
                if (end > start && finished[end].Result.TrialId == finished[end - 1].Result.TrialId)
                {
                    throw new ArgumentException($"Trial {finished[end].Result.TrialId} has more than one result.", nameof(results));
                }

                repeats.Add(finished[end].Result);
                end++;
            }

            runs.Add((start, end - start, ConfigurationScore.Of(config, planned[config - 1], repeats, lossFirst)));
            start = end;
        }

        runs.Sort((a, b) => a.Score.CompareTo(b.Score));
        var configurations = new RankedConfiguration[runs.Count];
        var ranked = new RankedTrial[finished.Length];
        var next = 0;
        for (var r = 0; r < runs.Count; r++)
        {
            var (start, count, score) = runs[r];
            var trials = new RankedTrial[count];
            for (var i = 0; i < count; i++)
            {
                trials[i] = ranked[next++] = new RankedTrial(r + 1, finished[start + i].Spec, finished[start + i].Result);
            }

            configurations[r] = new RankedConfiguration(r + 1, score.Configuration, trials, planned[score.Configuration - 1], score);
        }

        return new Ranking(plan, configurations, ranked, SettingColumnsOf(plan));
    }

    /// <summary>True when the plan's scheduler ranks by validation loss: the ranking then puts the loss before the accuracy.</summary>
    public static bool LossFirst(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Options.Scheduler is { Enabled: true, Metric: Nn.ValidationMetric.ValLoss };
    }

    private static IReadOnlyList<string> SettingColumnsOf(SweepPlan plan)
    {
        string[] always = ["DropoutRate", "L2", "LearningRate"];
        return TrainingSettings.Sweepable.Select(s => s.Name).Where(name => always.Contains(name) || plan.SweptSettings.Contains(name)).ToArray();
    }
}
