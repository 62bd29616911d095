namespace DropoutSweep.Core.Settings;

/// <summary>A <see cref="SettingCondition"/> on a <typeparamref name="TOptions"/> record.</summary>
public sealed class Condition<TOptions> : SettingCondition
    where TOptions : new()
{
    private readonly Func<TOptions, bool> _holds;

    private Condition(Setting setting, IReadOnlyList<string> values, Func<TOptions, bool> holds)
        : base(setting, values)
    {
        _holds = holds;
    }

    /// <summary>True when <paramref name="options"/> satisfy the condition.</summary>
    public bool Holds(TOptions options) => _holds(options);

    /// <summary>Holds when <paramref name="setting"/> is one of <paramref name="values"/>.</summary>
    public static Condition<TOptions> Is<TEnum>(Setting<TOptions, TEnum> setting, params TEnum[] values)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(values);
        return new Condition<TOptions>(setting, [.. values.Select(v => v.ToString())], options => values.Contains(setting.Get(options)));
    }
}
