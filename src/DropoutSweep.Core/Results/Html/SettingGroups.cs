namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// Trials grouped by their value of one swept setting: one group per value where a setting has at most
/// <see cref="MaxDistinct"/> values (a grid, a layer list), else up to <see cref="QuantileBins"/> bins of equal trial
/// count, at least <see cref="TrialsPerBin"/> trials each (a random sweep's continuous values: a bin of two trials would
/// chart noise). The per-setting charts draw the group means; parameter importance is the share of variance between the
/// groups, corrected for their number.
/// </summary>
internal sealed class SettingGroups
{
    public const int MaxDistinct = 12;

    public const int QuantileBins = 10;

    public const int TrialsPerBin = 5;

    private readonly bool _log;
    private readonly Dictionary<string, double>? _positions;

    private SettingGroups(IReadOnlyList<SettingGroup> groups, bool binned, bool log, Dictionary<string, double>? positions)
    {
        Groups = groups;
        Binned = binned;
        _log = log;
        _positions = positions;
    }

    /// <summary>Groups in axis order.</summary>
    public IReadOnlyList<SettingGroup> Groups { get; }

    /// <summary>True when continuous values were cut into quantile bins.</summary>
    public bool Binned { get; }

    /// <summary>
    /// True when the groups sit at 0, 1, 2, ... on the axis: values that are not numbers (layer lists), or a few numbers
    /// spaced so unevenly that a linear axis would crowd them (<c>0, 5e-4, 5e-3</c>).
    /// </summary>
    public bool Categorical => _positions is not null;

    /// <summary>Where a trial with <paramref name="value"/> sits on the axis.</summary>
    public double Position(ReportSettingValue value) =>
        _positions is { } positions ? positions[value.Text] : _log ? Math.Log10(value.Number) : value.Number;

    /// <summary>Groups the plotted trials by setting <paramref name="setting"/> of their configuration; positions are log10 of the value when <paramref name="log"/>.</summary>
    public static SettingGroups Of(IReadOnlyList<PlottedTrial> trials, int setting, bool log)
    {
        ReportSettingValue ValueOf(PlottedTrial trial) => trial.Configuration.Values[setting];
        if (trials.Any(trial => !ValueOf(trial).IsNumber))
        {
            var byText = trials.GroupBy(trial => ValueOf(trial).Text, StringComparer.Ordinal).OrderBy(group => group.Key, LayerListOrder.Instance).ToArray();
            return Categories(byText.Select(group => (group.Key, group.Key, group.ToArray())).ToArray());
        }

        double Axis(double value) => log ? Math.Log10(value) : value;

        // One sort of (value, trial number) keys serves the distinct values, the groups and the bins: at 100,000 trials
        // LINQ's grouping and ordering left a large-object-heap array per step.
        var keys = new (double Value, int Trial, int Index)[trials.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (ValueOf(trials[i]).Number, trials[i].Trial.Trial, i);
        }

        Array.Sort(keys, (a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Trial.CompareTo(b.Trial));
        PlottedTrial[] Members(int from, int to)
        {
            var members = new PlottedTrial[to - from];
            for (var i = from; i < to; i++)
            {
                members[i - from] = trials[keys[i].Index];
            }

            return members;
        }

        var runs = new List<(int From, int To)>();
        for (var start = 0; start < keys.Length && runs.Count <= MaxDistinct;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end].Value == keys[start].Value)
            {
                end++;
            }

            runs.Add((start, end));
            start = end;
        }

        if (runs.Count <= MaxDistinct)
        {
            var distinct = runs.Select(run => keys[run.From].Value).ToArray();
            var gaps = distinct.Zip(distinct.Skip(1), (a, b) => Axis(b) - Axis(a)).ToArray();
            if (gaps.Length >= 2 && gaps.Max() > 4 * gaps.Min())
            {
                return Categories(
                    runs.Select(run => (ChartStyle.Setting(keys[run.From].Value), ValueOf(trials[keys[run.From].Index]).Text, Members(run.From, run.To))).ToArray(),
                    group => group.Select(t => ValueOf(t).Text).Distinct());
            }

            var groups = runs.Select(run => new SettingGroup(Axis(keys[run.From].Value), ChartStyle.Setting(keys[run.From].Value), Members(run.From, run.To))).ToArray();
            return new SettingGroups(groups, binned: false, log, positions: null);
        }

        var count = Math.Clamp(keys.Length / TrialsPerBin, 2, QuantileBins);
        var bins = new List<SettingGroup>(count);
        for (var bin = 0; bin < count; bin++)
        {
            var (from, to) = ((int)((long)bin * keys.Length / count), (int)((long)(bin + 1) * keys.Length / count));
            if (to > from)
            {
                var median = keys[from + ((to - from) / 2)].Value;
                bins.Add(new SettingGroup(Axis(median), $"{ChartStyle.Setting(keys[from].Value)} – {ChartStyle.Setting(keys[to - 1].Value)}", Members(from, to)));
            }
        }

        return new SettingGroups(bins, binned: true, log, positions: null);
    }

    // Groups at 0, 1, 2, ...; every text a trial's value may have maps to its group's position.
    private static SettingGroups Categories((string Label, string Key, PlottedTrial[] Trials)[] groups, Func<PlottedTrial[], IEnumerable<string>>? keys = null)
    {
        var positions = new Dictionary<string, double>(StringComparer.Ordinal);
        var result = new SettingGroup[groups.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            foreach (var key in keys?.Invoke(groups[i].Trials) ?? [groups[i].Key])
            {
                positions[key] = i;
            }

            result[i] = new SettingGroup(i, groups[i].Label, groups[i].Trials);
        }

        return new SettingGroups(result, binned: false, log: false, positions);
    }

    /// <summary>
    /// ε²: the share of the variance of validation accuracy between the groups, corrected for chance,
    /// (SS_between − (k − 1)·MS_within) / SS_total, at least 0 (0 when every trial has the same accuracy). η², the plain
    /// SS_between / SS_total, grows with the number of groups k even for a setting without effect: by about (k − 1)/(n − 1).
    /// </summary>
    public double MainEffectShare()
    {
        var (n, k, sum) = (0, Groups.Count, 0.0);
        foreach (var group in Groups)
        {
            n += group.Trials.Length;
            sum += group.MeanAccuracy * group.Trials.Length;
        }

        if (n <= k)
        {
            return 0;
        }

        var mean = sum / n;
        var (total, between) = (0.0, 0.0);
        foreach (var group in Groups)
        {
            between += group.Trials.Length * Math.Pow(group.MeanAccuracy - mean, 2);
            foreach (var trial in group.Trials)
            {
                total += Math.Pow(trial.Trial.ValidationAccuracy - mean, 2);
            }
        }

        var withinMeanSquare = (total - between) / (n - k);
        return total > 0 ? Math.Clamp((between - ((k - 1) * withinMeanSquare)) / total, 0, 1) : 0;
    }
}

/// <summary>One group of <see cref="SettingGroups"/>: its axis position, its label, its trials and their mean validation metrics.</summary>
internal sealed class SettingGroup(double x, string label, PlottedTrial[] trials)
{
    public double X { get; } = x;

    public string Label { get; } = label;

    public PlottedTrial[] Trials { get; } = trials;

    public double MeanAccuracy { get; } = trials.Average(t => t.Trial.ValidationAccuracy);

    public double MeanLoss { get; } = trials.Average(t => t.Trial.ValidationLoss);
}

/// <summary>A trial that the charts plot, with its configuration.</summary>
internal sealed record PlottedTrial(ReportTrial Trial, ReportConfiguration Configuration);

/// <summary>
/// Layer lists in a readable order: fewer layers first, then layer by layer by width (<c>[64]</c>, <c>[128]</c>,
/// <c>[64,64]</c>); texts that are not layer lists by ordinal order after them.
/// </summary>
internal sealed class LayerListOrder : IComparer<string>
{
    public static LayerListOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var (a, b) = (Widths(x), Widths(y));
        if (a is null || b is null)
        {
            return a is null && b is null ? string.CompareOrdinal(x, y) : a is null ? 1 : -1;
        }

        var order = a.Length.CompareTo(b.Length);
        for (var i = 0; order == 0 && i < a.Length; i++)
        {
            order = a[i].CompareTo(b[i]);
        }

        return order != 0 ? order : string.CompareOrdinal(x, y);
    }

    private static int[]? Widths(string? text)
    {
        if (text is null || !text.StartsWith('[') || !text.EndsWith(']'))
        {
            return null;
        }

        var parts = text[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var widths = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out widths[i]))
            {
                return null;
            }
        }

        return widths;
    }
}

/// <summary>
/// The plotted trials with their <see cref="SettingGroups"/> made once per setting and axis kind: the per-setting charts,
/// the pairs and the importance chart all group the same trials (at 100,000 trials each grouping is a sort).
/// </summary>
internal sealed class SettingGroupsCache(IReadOnlyList<PlottedTrial> trials)
{
    private readonly Dictionary<(int Setting, bool Log), SettingGroups> _groups = [];

    public IReadOnlyList<PlottedTrial> Trials { get; } = trials;

    public SettingGroups Of(int setting, bool log)
    {
        if (!_groups.TryGetValue((setting, log), out var groups))
        {
            _groups[(setting, log)] = groups = SettingGroups.Of(Trials, setting, log);
        }

        return groups;
    }
}
