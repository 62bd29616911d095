namespace DropoutSweep.Core.Settings;

/// <summary>
/// One section of a sweep file (<c>Sweep</c>, <c>Dataset</c>, <c>Training</c>, <c>Space</c>, a <c>Space</c> entry):
/// its settings and nested sections in file order, and the rules that tie its settings together. This untyped view is
/// what walkers read; <see cref="Section{TOptions}"/> reads, checks and fingerprints its options record.
/// </summary>
public abstract class Section
{
    protected Section(string name, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Name = name;
        Description = description;
    }

    /// <summary>The key of the section in its parent (<c>Training</c>).</summary>
    public string Name { get; }

    /// <summary>One sentence: what the section holds.</summary>
    public string Description { get; }

    /// <summary>The section's settings, in the order documentation and reports list them.</summary>
    public IReadOnlyList<Setting> Settings => SettingList;

    /// <summary>Nested sections, in order.</summary>
    public abstract IReadOnlyList<Section> Sections { get; }

    /// <summary>Rules between the section's settings (a setting required when another has some value, ...).</summary>
    public IReadOnlyList<SectionRule> Rules => RuleList;

    /// <summary>The keys the section accepts: its settings, then its nested sections.</summary>
    public virtual IReadOnlyList<string> Keys => [.. Settings.Select(s => s.Name), .. Sections.Select(s => s.Name)];

    protected abstract IReadOnlyList<Setting> SettingList { get; }

    protected abstract IReadOnlyList<SectionRule> RuleList { get; }

    public override string ToString() => Name;

    /// <summary>The nested section named <paramref name="name"/> (ignoring case), or null.</summary>
    public Section? FindSection(string name) =>
        Sections.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
