using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// A section whose values live on a <typeparamref name="TOptions"/> record: declared once as its settings, nested
/// sections and rules, it reads the record from a sweep file's JSON, checks it, and adds it to the plan fingerprint.
/// <code>
/// public static Section&lt;DatasetOptions&gt; Section { get; } = new(
///     "Dataset", "Where the data come from and how they are split.",
///     [Kind, Samples, Classes, ...],
///     rules: [SectionRule&lt;DatasetOptions&gt;.RequiredWhen(Path, Condition&lt;DatasetOptions&gt;.Is(Kind, DatasetKind.Csv), "the CSV file to read")]);
/// </code>
/// </summary>
public sealed class Section<TOptions> : Section
    where TOptions : new()
{
    private readonly Dictionary<string, Setting<TOptions>> _byName;

    public Section(
        string name,
        string description,
        IReadOnlyList<Setting<TOptions>> settings,
        IReadOnlyList<SectionRule<TOptions>>? rules = null,
        IReadOnlyList<ISectionMember<TOptions>>? sections = null)
        : base(name, description)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        Rules = rules ?? [];
        Members = sections ?? [];
        var keys = Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (keys.Count > 0)
        {
            throw new ArgumentException($"Section {name} declares {string.Join(", ", keys)} twice.", nameof(settings));
        }

        _byName = settings.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The section's settings, typed, in order.</summary>
    public new IReadOnlyList<Setting<TOptions>> Settings { get; }

    /// <summary>The section's rules, typed.</summary>
    public new IReadOnlyList<SectionRule<TOptions>> Rules { get; }

    /// <summary>The nested sections, typed.</summary>
    public IReadOnlyList<ISectionMember<TOptions>> Members { get; }

    public override IReadOnlyList<Section> Sections => [.. Members.Select(m => m.Section)];

    protected override IReadOnlyList<Setting> SettingList => Settings;

    protected override IReadOnlyList<SectionRule> RuleList => Rules;

    /// <summary>The setting named <paramref name="name"/> (ignoring case); throws when there is none.</summary>
    public Setting<TOptions> this[string name] =>
        Find(name) ?? throw new ArgumentException($"'{name}' is not a setting of {Name}.", nameof(name));

    /// <summary>The setting named <paramref name="name"/> (ignoring case), or null.</summary>
    public Setting<TOptions>? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Reads the section from <paramref name="node"/> (its JSON object; null when absent) into a fresh record: absent
    /// keys keep the record's defaults; unknown keys (with the nearest known name) and unreadable values are added to
    /// <paramref name="problems"/>, each under its path below <paramref name="path"/>. Ranges are not checked here (see <see cref="Validate"/>).
    /// </summary>
    public TOptions Read(JsonNode? node, string path, List<SettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var options = new TOptions();
        if (SettingText.IsUnset(node))
        {
            return options;
        }

        if (node is not JsonObject json)
        {
            problems.Add(SettingPaths.NotAnObject(node!, path, "an object with the settings " + string.Join(", ", Keys)));
            return options;
        }

        foreach (var (key, _) in json)
        {
            if (Find(key) is null && FindSection(key) is null)
            {
                problems.Add(SettingPaths.Unknown(SettingPaths.Join(path, key), key, Keys));
            }
        }

        foreach (var setting in Settings)
        {
            options = setting.Read(options, SettingPaths.Child(json, setting.Name), SettingPaths.Join(path, setting.Name), problems);
        }

        foreach (var member in Members)
        {
            options = member.Read(options, SettingPaths.Child(json, member.Section.Name), SettingPaths.Join(path, member.Section.Name), problems);
        }

        return options;
    }

    /// <summary>Every problem of <paramref name="options"/>: ranges of the settings that apply, the rules, then nested sections.</summary>
    public IReadOnlyList<SettingProblem> Validate(TOptions options, string path)
    {
        var problems = new List<SettingProblem>();
        Validate(options, path, problems);
        return problems;
    }

    /// <summary>Adds every problem of <paramref name="options"/> to <paramref name="problems"/>.</summary>
    public void Validate(TOptions options, string path, List<SettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var setting in Settings.Where(s => s.Applies(options)))
        {
            setting.Check(options, SettingPaths.Join(path, setting.Name), problems);
        }

        foreach (var rule in Rules)
        {
            rule.Check(options, path, problems);
        }

        foreach (var member in Members)
        {
            member.Validate(options, SettingPaths.Join(path, member.Section.Name), problems);
        }
    }

    /// <summary>
    /// Adds <c>prefix + Name = canonical value</c> for every setting that decides results and applies (not
    /// <see cref="PlanEffect.RunOnly"/>, not swept), then the nested sections' entries. <see cref="PlanEffect.FileContent"/>
    /// settings give way to one <c>prefix + ContentSha256</c> entry when the content hash is known.
    /// </summary>
    public void AddFingerprint(TOptions options, string prefix, FingerprintContext context, IDictionary<string, string> entries)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entries);
        var hasFiles = false;
        foreach (var setting in Settings)
        {
            if (setting.Plan == PlanEffect.RunOnly || !setting.Applies(options) || context.Swept.Contains(setting))
            {
                continue;
            }

            if (setting.Plan == PlanEffect.FileContent)
            {
                // The file's content decides the results, not where it lies: the same file reached from another folder
                // is the same plan. The path counts only when no content hash is known.
                hasFiles = true;
                if (context.ContentHash is not null)
                {
                    continue;
                }
            }

            entries[prefix + setting.Name] = setting.Canonical(options);
        }

        if (hasFiles)
        {
            entries[prefix + "ContentSha256"] = context.ContentHash ?? "null";
        }

        foreach (var member in Members)
        {
            member.AddFingerprint(options, prefix + member.Section.Name + ".", context, entries);
        }
    }
}
