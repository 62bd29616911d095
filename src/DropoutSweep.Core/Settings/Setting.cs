using System.Text;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// One setting of a sweep file, declared once (in <see cref="SweepSettings"/>, <see cref="DatasetSettings"/>,
/// <see cref="TrainingSettings"/>, <see cref="RangeSettings"/>): its name, meaning, type, default, valid range, and how
/// reports and the plan treat it. This untyped view is what walkers (documentation, a JSON Schema) read;
/// <see cref="Setting{TOptions}"/> reads and writes it on its options record.
/// </summary>
public abstract class Setting
{
    private readonly string? _column;
    private readonly string? _jsonName;

    protected Setting(string name, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Name = name;
        Description = description;
    }

    /// <summary>The key in the sweep file (<c>DropoutRate</c>); keys are matched ignoring case.</summary>
    public string Name { get; }

    /// <summary>One sentence: what the setting does.</summary>
    public string Description { get; }

    /// <summary>The value's type: <see cref="SettingType.Kind"/>, and an enum's <see cref="SettingType.Choices"/>.</summary>
    public abstract SettingType Type { get; }

    /// <summary>Shorthand for <c>Type.Kind</c>.</summary>
    public SettingKind Kind => Type.Kind;

    /// <summary>The values allowed, with the message that says so; null when the type alone decides.</summary>
    public ValueRange? Range { get; init; }

    /// <summary>True when a sweep's <c>Space</c> may vary it (Training settings only).</summary>
    public bool Sweepable { get; init; }

    /// <summary>A derived default: when unset, the setting takes this setting's value (<c>BiasL2</c> = <c>L2</c>).</summary>
    public Setting? DefaultsTo { get; init; }

    /// <summary>What the setting means for the plan fingerprint and for resuming (<see cref="PlanEffect"/>).</summary>
    public PlanEffect Plan { get; init; } = PlanEffect.Result;

    /// <summary>
    /// The condition under which the setting is used (<c>Kind Csv</c>); null when always. Where it does not hold the
    /// setting is neither checked nor part of the plan fingerprint.
    /// </summary>
    public SettingCondition? AppliesWhen { get; init; }

    /// <summary>The report column (CSV, Markdown, console): snake_case, <c>dropout_rate</c>.</summary>
    public string Column { get => _column ?? SnakeCase(Name); init => _column = value; }

    /// <summary>The property name in JSON output: camelCase, <c>dropoutRate</c>.</summary>
    public string JsonName { get => _jsonName ?? char.ToLowerInvariant(Name[0]) + Name[1..]; init => _jsonName = value; }

    /// <summary>The value of a fresh options record (null when the setting has no value unless given).</summary>
    public abstract object? DefaultValue { get; }

    /// <summary>True when the setting has no value unless given (its default is null: unset, or derived).</summary>
    public bool Optional => DefaultValue is null;

    /// <summary>The default as documentation shows it: <c>0.1</c>, <c>= L2</c>, <c>none</c>.</summary>
    public abstract string DefaultText { get; }

    public override string ToString() => Name;

    /// <summary><c>DropoutRate</c> → <c>dropout_rate</c>, <c>L2</c> → <c>l2</c>, <c>OutputBiasL2</c> → <c>output_bias_l2</c>.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]) && !char.IsDigit(name[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
