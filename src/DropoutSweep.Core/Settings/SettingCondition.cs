namespace DropoutSweep.Core.Settings;

/// <summary>
/// "<see cref="Setting"/> is one of <see cref="Values"/>" (<c>Kind Csv</c>, <c>Strategy Random</c>): when a setting
/// applies or a rule holds. Walkable as data; <see cref="Condition{TOptions}"/> evaluates it.
/// </summary>
public abstract class SettingCondition
{
    protected SettingCondition(Setting setting, IReadOnlyList<string> values)
    {
        Setting = setting;
        Values = values;
    }

    /// <summary>The enum setting the condition looks at, in the same section.</summary>
    public Setting Setting { get; }

    /// <summary>The names of the values for which it holds.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary><c>Kind Csv</c>, <c>Strategy Random</c>.</summary>
    public override string ToString() => $"{Setting.Name} {string.Join(" or ", Values)}";
}
