namespace DropoutSweep.Core.Settings;

/// <summary>A rule between settings of one section, as data: its <see cref="Kind"/>, condition and settings, and a description.</summary>
public abstract class SectionRule
{
    protected SectionRule(RuleKind kind, string description, SettingCondition? when, IReadOnlyList<Setting> settings)
    {
        Kind = kind;
        Description = description;
        When = when;
        Settings = settings;
    }

    public RuleKind Kind { get; }

    /// <summary>The rule in words: <c>Path is required for Kind Csv</c>.</summary>
    public string Description { get; }

    /// <summary>When the rule applies; null for always.</summary>
    public SettingCondition? When { get; }

    /// <summary>The settings the rule constrains.</summary>
    public IReadOnlyList<Setting> Settings { get; }

    public override string ToString() => Description;
}
