using System.Text.Json;
using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// A setting that lives on a <typeparamref name="TOptions"/> record: everything the reader, validator, plan, fingerprint
/// and reports do with it, without knowing its value's type. Declared as <see cref="Setting{TOptions, TValue}"/>.
/// </summary>
public abstract class Setting<TOptions> : Setting
    where TOptions : new()
{
    protected Setting(string name, string description)
        : base(name, description)
    {
    }

    /// <summary>
    /// Returns <paramref name="options"/> with the value read from <paramref name="node"/> (the value under this
    /// setting's key, or null when absent). Absent, JSON null and blank text leave the default; a value that is not of
    /// the setting's type is reported under <paramref name="path"/> and also leaves the default.
    /// </summary>
    public abstract TOptions Read(TOptions options, JsonNode? node, string path, List<SettingProblem> problems);

    /// <summary>Adds a problem under <paramref name="path"/> when the value is set and outside its range.</summary>
    public abstract void Check(TOptions options, string path, List<SettingProblem> problems);

    /// <summary>True when the value is set (not null).</summary>
    public abstract bool IsSet(TOptions options);

    /// <summary>True when <see cref="Setting.AppliesWhen"/> holds (or there is no condition).</summary>
    public bool Applies(TOptions options) => AppliesWhen is not Condition<TOptions> condition || condition.Holds(options);

    /// <summary>The value in effect as report text (<c>0.1</c>, <c>[256,128]</c>); a derived default shows the value it derives.</summary>
    public abstract string Format(TOptions options);

    /// <summary><see cref="Format"/> with the value's note when it has one: <c>0 (full batch)</c>.</summary>
    public abstract string Describe(TOptions options);

    /// <summary>The value as set, for the plan fingerprint: <c>null</c> when unset (a derived default follows its source).</summary>
    public abstract string Canonical(TOptions options);

    /// <summary>The value in effect as a number (for sorting and ranges); null for kinds that are not numbers.</summary>
    public abstract double? Number(TOptions options);

    /// <summary>Writes the value in effect as the JSON value of the current property.</summary>
    public abstract void WriteValue(Utf8JsonWriter json, TOptions options);

    /// <summary>Writes <c>"jsonName": value</c> (the value in effect).</summary>
    public void WriteJson(Utf8JsonWriter json, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName(JsonName);
        WriteValue(json, options);
    }

    /// <summary>Null when <paramref name="value"/> is allowed as this setting's value (a <c>Space</c> value or bound); otherwise what is allowed.</summary>
    public string? CheckNumber(double value) => Range is { } range && !range.Contains(value) ? range.Message : null;

    /// <summary>Returns <paramref name="options"/> with the setting set to a <c>Space</c> value (numbers rounded for whole-number settings).</summary>
    public abstract TOptions Apply(TOptions options, SettingValue value);

    /// <summary>A <c>Space</c> value as the setting takes it: rounded for a whole-number setting, unchanged otherwise.</summary>
    public abstract SettingValue Normalize(SettingValue value);

    /// <summary>True when the setting's values are layer lists (<c>Hidden</c>) rather than numbers.</summary>
    public bool IsLayerList => Kind == SettingKind.LayerList;
}
