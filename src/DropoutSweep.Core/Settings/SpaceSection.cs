using System.Text.Json.Nodes;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// <c>Sweep:Space</c>: an object whose keys are sweepable <c>Training</c> settings (<see cref="Keys"/>), each with a
/// <see cref="Entry"/> (<see cref="RangeSettings"/>). Its file order is the plan's order (the first entry varies slowest).
/// </summary>
public sealed class SpaceSection : Section, ISectionMember<SweepOptions>
{
    private const string LayerExample = "[[64], [512], [256, 128]]";

    private static readonly IReadOnlyList<SectionRule<SpaceEntry>> s_rules =
    [
        SectionRule<SpaceEntry>.Custom(
            "a layer-list setting (Hidden) takes only Values, a non-empty list of layer lists",
            [RangeSettings.Values],
            (entry, path, problems) =>
            {
                if (!entry.Setting.IsLayerList)
                {
                    return;
                }

                var range = entry.Range;
                if (range.Values is not null || range.Min is not null || range.Max is not null || range.Count is not null)
                {
                    problems.Add(new SettingProblem(path, $"{entry.Setting.Name} takes only Values, a list of layer lists such as {LayerExample}"));
                }

                if (range.LayerValues is not { } layers)
                {
                    problems.Add(new SettingProblem(SettingPaths.Join(path, "Values"), $"required: a list of layer lists such as {LayerExample}"));
                    return;
                }

                if (layers.Count == 0)
                {
                    problems.Add(new SettingProblem(SettingPaths.Join(path, "Values"), "must not be empty"));
                }

                for (var i = 0; i < layers.Count; i++)
                {
                    SettingTypes.LayerList.Check(layers[i], entry.Setting.Range, $"{path}:Values[{i}]", problems);
                }
            }),
        SectionRule<SpaceEntry>.Custom(
            "a number setting takes either Values or Min and Max, not both",
            [RangeSettings.Values, RangeSettings.Min, RangeSettings.Max],
            (entry, path, problems) =>
            {
                var range = entry.Range;
                if (entry.Setting.IsLayerList)
                {
                    return;
                }

                if (range.LayerValues is not null)
                {
                    problems.Add(new SettingProblem(SettingPaths.Join(path, "Values"), "must be a list of numbers (layer lists are only for Hidden)"));
                }
                else if (range.Values is not null && (range.Min is not null || range.Max is not null || range.Count is not null))
                {
                    problems.Add(new SettingProblem(path, "give either Values or Min/Max (with Scale and Count), not both"));
                }
                else if (range.Values is null && (range.Min is null || range.Max is null))
                {
                    problems.Add(new SettingProblem(path, "needs Values, or Min and Max" + (range.Min is null && range.Max is null ? "" : " (both)")));
                }
            }),
        SectionRule<SpaceEntry>.Custom(
            "Values are not empty, and every value, Min and Max is within the swept setting's range",
            [RangeSettings.Values, RangeSettings.Min, RangeSettings.Max],
            (entry, path, problems) =>
            {
                var range = entry.Range;
                if (entry.Setting.IsLayerList || range.LayerValues is not null)
                {
                    return;
                }

                if (range.Values is { } values)
                {
                    if (values.Count == 0)
                    {
                        problems.Add(new SettingProblem(SettingPaths.Join(path, "Values"), "must not be empty"));
                    }

                    for (var i = 0; i < values.Count; i++)
                    {
                        if (entry.Setting.CheckNumber(values[i]) is { } rule)
                        {
                            problems.Add(new SettingProblem($"{path}:Values[{i}]", rule, SettingText.Number(values[i])));
                        }
                    }

                    return;
                }

                foreach (var (bound, value) in (ReadOnlySpan<(string, double?)>)[("Min", range.Min), ("Max", range.Max)])
                {
                    if (value is { } number && entry.Setting.CheckNumber(number) is { } rule)
                    {
                        problems.Add(new SettingProblem(SettingPaths.Join(path, bound), rule, SettingText.Number(number)));
                    }
                }
            }),
        SectionRule<SpaceEntry>.Custom(
            "Min must be <= Max",
            [RangeSettings.Min, RangeSettings.Max],
            (entry, path, problems) =>
            {
                if (!entry.Setting.IsLayerList && entry.Range is { Values: null, Min: { } min, Max: { } max } && min > max)
                {
                    problems.Add(new SettingProblem(SettingPaths.Join(path, "Min"), $"must be <= Max ({SettingText.Number(max)})", SettingText.Number(min)));
                }
            }),
        SectionRule<SpaceEntry>.Custom(
            "Scale Log needs Min > 0",
            [RangeSettings.Scale, RangeSettings.Min],
            (entry, path, problems) =>
            {
                // A Min outside the setting's own range is reported once, by the range rule.
                if (!entry.Setting.IsLayerList && entry.Range is { Values: null, Scale: RangeScale.Log, Min: { } min, Max: { } max }
                    && min <= 0 && entry.Setting.CheckNumber(min) is null && entry.Setting.CheckNumber(max) is null)
                {
                    problems.Add(new SettingProblem(SettingPaths.Join(path, "Min"), "must be > 0 for Scale Log", SettingText.Number(min)));
                }
            }),
        SectionRule<SpaceEntry>.Custom(
            "a Grid range needs Count, the number of points",
            [RangeSettings.Count],
            (entry, path, problems) =>
            {
                if (!entry.Setting.IsLayerList && entry.Strategy == SearchStrategy.Grid
                    && entry.Range is { Values: null, LayerValues: null, Min: not null, Max: not null, Count: null })
                {
                    problems.Add(new SettingProblem(SettingPaths.Join(path, "Count"), "required for a Grid range: the number of points (>= 1)"));
                }
            }),
    ];

    public SpaceSection(Section<TrainingOptions> training, Section<ParameterRange> entry)
        : base("Space", "The settings to sweep, in plan order (a grid varies the first slowest), each with its values or range.")
    {
        Of = training;
        Entry = entry;
    }

    /// <summary>The section whose settings the Space sweeps.</summary>
    public Section<TrainingOptions> Of { get; }

    /// <summary>The section of one entry.</summary>
    public Section<ParameterRange> Entry { get; }

    /// <summary>The settings the Space may name.</summary>
    public IReadOnlyList<Setting<TrainingOptions>> Sweepable => [.. Of.Settings.Where(s => s.Sweepable)];

    public override IReadOnlyList<string> Keys => [.. Sweepable.Select(s => s.Name)];

    public override IReadOnlyList<Section> Sections => [Entry];

    Section ISectionMember<SweepOptions>.Section => this;

    protected override IReadOnlyList<Setting> SettingList => [];

    protected override IReadOnlyList<SectionRule> RuleList => s_rules;

    /// <summary>Reads the entries in the order the tree holds them (the file's order; overrides that add an entry come last).</summary>
    public SweepOptions Read(SweepOptions options, JsonNode? node, string path, List<SettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (SettingText.IsUnset(node))
        {
            return options with { Space = [] };
        }

        if (node is not JsonObject json)
        {
            problems.Add(SettingPaths.NotAnObject(node!, path, "an object naming the settings to sweep, such as { \"DropoutRate\": { \"Values\": [0, 0.1] } }"));
            return options with { Space = [] };
        }

        var entries = new List<SweptParameter>();
        foreach (var (key, value) in json)
        {
            var setting = Of.Find(key);
            if (setting is null || !setting.Sweepable)
            {
                problems.Add(setting is null
                    ? SettingPaths.Unknown(SettingPaths.Join(path, key), key, Keys)
                    : new SettingProblem(SettingPaths.Join(path, key), NotSweepable));
                continue;
            }

            if (!SettingText.IsUnset(value))
            {
                entries.Add(new SweptParameter(setting.Name, ReadRange(value!, SettingPaths.Join(path, setting.Name), setting, problems)));
            }
        }

        return options with { Space = entries };
    }

    /// <summary>Checks every entry: a sweepable setting, named once, with a range its rules accept.</summary>
    public void Validate(SweepOptions options, string path, List<SettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in options.Space)
        {
            var entryPath = SettingPaths.Join(path, parameter.Name);
            if (Of.Find(parameter.Name) is not { Sweepable: true } setting)
            {
                problems.Add(new SettingProblem(entryPath, NotSweepable));
                continue;
            }

            if (!seen.Add(parameter.Name))
            {
                problems.Add(new SettingProblem(entryPath, "named twice in Space"));
                continue;
            }

            Entry.Validate(parameter.Range, entryPath, problems);
            var entry = new SpaceEntry { Setting = setting, Range = parameter.Range, Strategy = options.Strategy };
            foreach (var rule in s_rules)
            {
                rule.Check(entry, entryPath, problems);
            }
        }
    }

    /// <summary><c>Space = [DropoutRate, L2]</c> (the order decides trial order and seeds), then each entry's values or range.</summary>
    public void AddFingerprint(SweepOptions options, string prefix, FingerprintContext context, IDictionary<string, string> entries)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(entries);
        entries[prefix.TrimEnd('.')] = "[" + string.Join(", ", options.Space.Select(p => p.Name)) + "]";
        foreach (var parameter in options.Space)
        {
            var entryPrefix = prefix + parameter.Name + ".";
            var range = parameter.Range;
            if (range.LayerValues is { } layers)
            {
                entries[entryPrefix + "Values"] = SettingTypes.LayerListList.Format(layers);
            }
            else if (range.Values is { } values)
            {
                entries[entryPrefix + "Values"] = SettingTypes.NumberList.Format(values);
            }
            else
            {
                entries[entryPrefix + "Min"] = SettingTypes.OptionalNumber.Format(range.Min);
                entries[entryPrefix + "Max"] = SettingTypes.OptionalNumber.Format(range.Max);
                entries[entryPrefix + "Scale"] = range.Scale.ToString();
                if (options.Strategy == SearchStrategy.Grid)
                {
                    entries[entryPrefix + "Count"] = SettingTypes.OptionalWholeNumber.Format(range.Count);
                }
            }
        }
    }

    private string NotSweepable => "not a sweepable setting; Space may name " + string.Join(", ", Keys);

    private ParameterRange ReadRange(JsonNode node, string path, Setting<TrainingOptions> setting, List<SettingProblem> problems)
    {
        var range = new ParameterRange();
        if (node is not JsonObject json)
        {
            problems.Add(SettingPaths.NotAnObject(node, path, "an object with Values, or Min and Max (with Scale and Count)"));
            return range;
        }

        foreach (var (key, _) in json)
        {
            if (Entry.Find(key) is null)
            {
                problems.Add(SettingPaths.Unknown(SettingPaths.Join(path, key), key, Entry.Keys));
            }
        }

        foreach (var bound in (Setting<ParameterRange>[])[RangeSettings.Min, RangeSettings.Max, RangeSettings.Scale, RangeSettings.Count])
        {
            range = bound.Read(range, SettingPaths.Child(json, bound.Name), SettingPaths.Join(path, bound.Name), problems);
        }

        var values = SettingPaths.Child(json, RangeSettings.Values.Name);
        var valuesPath = SettingPaths.Join(path, RangeSettings.Values.Name);
        if (!setting.IsLayerList)
        {
            return RangeSettings.Values.Read(range, values, valuesPath, problems);
        }

        return !SettingText.IsUnset(values) && SettingTypes.LayerListList.TryRead(values!, valuesPath, problems, out var layers)
            ? range with { LayerValues = layers }
            : range;
    }
}
