namespace DropoutSweep.Core.Settings;

/// <summary>
/// The type of a setting's value, walkable without knowing it: its <see cref="Kind"/>, the names an enum allows, and
/// what a value that cannot be read is told (<c>must be a number</c>). <see cref="SettingTypes"/> holds every type.
/// </summary>
public abstract class SettingType
{
    public abstract SettingKind Kind { get; }

    /// <summary>The names an <see cref="SettingKind.Enum"/> allows, in declaration order; empty for other kinds.</summary>
    public virtual IReadOnlyList<string> Choices => [];

    /// <summary>What a value that cannot be read as this type is told: <c>must be a whole number</c>.</summary>
    public abstract string Expectation { get; }

    /// <summary>True when the value may be null: the setting is then unset (no value, or a derived default).</summary>
    public virtual bool IsNullable => false;

    /// <summary>A regular expression every text value must match (for a JSON Schema's <c>pattern</c>); null when any text goes.</summary>
    public virtual string? Pattern => null;
}
