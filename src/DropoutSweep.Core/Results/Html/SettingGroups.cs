namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// Trials grouped by their value of one swept setting: one group per value where a setting has at most
/// <see cref="MaxDistinct"/> values (a grid, a layer list), else <see cref="QuantileBins"/> bins of equal trial count
/// (a random sweep's continuous values). The per-setting charts draw the group means; parameter importance is the share
/// of variance between the groups.
/// </summary>
internal sealed class SettingGroups
{
    public const int MaxDistinct = 12;

    public const int QuantileBins = 10;

    private SettingGroups(IReadOnlyList<SettingGroup> groups, bool binned, bool categorical)
    {
        Groups = groups;
        Binned = binned;
        Categorical = categorical;
    }

    /// <summary>Groups in axis order.</summary>
    public IReadOnlyList<SettingGroup> Groups { get; }

    /// <summary>True when continuous values were cut into quantile bins.</summary>
    public bool Binned { get; }

    /// <summary>True when the values are not numbers: the axis places groups at 0, 1, 2, ...</summary>
    public bool Categorical { get; }

    /// <summary>Groups the plotted trials by setting <paramref name="setting"/> of their configuration; X is log10 of the value when <paramref name="log"/>.</summary>
    public static SettingGroups Of(IReadOnlyList<PlottedTrial> trials, int setting, bool log)
    {
        var categorical = trials.Any(trial => !trial.Configuration.Values[setting].IsNumber);
        if (categorical)
        {
            var byText = trials.GroupBy(trial => trial.Configuration.Values[setting].Text, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select((group, index) => SettingGroup.Of(index, group.Key, group.ToArray()))
                .ToArray();
            return new SettingGroups(byText, binned: false, categorical: true);
        }

        double Axis(double value) => log ? Math.Log10(value) : value;
        var distinct = trials.Select(trial => trial.Configuration.Values[setting].Number).Distinct().Count();
        if (distinct <= MaxDistinct)
        {
            var byValue = trials.GroupBy(trial => trial.Configuration.Values[setting].Number)
                .OrderBy(group => group.Key)
                .Select(group => SettingGroup.Of(Axis(group.Key), ChartStyle.Setting(group.Key), group.ToArray()))
                .ToArray();
            return new SettingGroups(byValue, binned: false, categorical: false);
        }

        var sorted = trials.OrderBy(trial => trial.Configuration.Values[setting].Number).ThenBy(trial => trial.Trial.Trial).ToArray();
        var bins = Enumerable.Range(0, QuantileBins)
            .Select(bin => sorted[(int)((long)bin * sorted.Length / QuantileBins)..(int)((long)(bin + 1) * sorted.Length / QuantileBins)])
            .Where(bin => bin.Length > 0)
            .Select(bin =>
            {
                var values = bin.Select(trial => trial.Configuration.Values[setting].Number).ToArray();
                var median = values[values.Length / 2];
                return SettingGroup.Of(Axis(median), $"{ChartStyle.Setting(values[0])} – {ChartStyle.Setting(values[^1])}", bin);
            })
            .ToArray();
        return new SettingGroups(bins, binned: true, categorical: false);
    }

    /// <summary>
    /// η²: the between-group sum of squares of validation accuracy over the total sum of squares (0 when every trial
    /// has the same accuracy).
    /// </summary>
    public double MainEffectShare()
    {
        var all = Groups.SelectMany(group => group.Accuracies).ToArray();
        if (all.Length < 2)
        {
            return 0;
        }

        var mean = all.Average();
        var total = all.Sum(value => (value - mean) * (value - mean));
        var between = Groups.Sum(group => group.Accuracies.Length * Math.Pow(group.Accuracies.Average() - mean, 2));
        return total > 0 ? Math.Clamp(between / total, 0, 1) : 0;
    }
}

/// <summary>One group of <see cref="SettingGroups"/>: its axis position, its label and its trials' validation metrics.</summary>
internal sealed record SettingGroup(double X, string Label, double[] Accuracies, double[] Losses)
{
    public double MeanAccuracy => Accuracies.Average();

    public double MeanLoss => Losses.Average();

    public static SettingGroup Of(double x, string label, PlottedTrial[] trials) =>
        new(x, label, trials.Select(t => t.Trial.ValidationAccuracy).ToArray(), trials.Select(t => t.Trial.ValidationLoss).ToArray());
}

/// <summary>A trial that the charts plot, with its configuration.</summary>
internal sealed record PlottedTrial(ReportTrial Trial, ReportConfiguration Configuration);
