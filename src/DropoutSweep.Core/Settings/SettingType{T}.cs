using System.Text.Json;
using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// How values of type <typeparamref name="T"/> are read from a sweep file's JSON (or an override's text), checked
/// against a <see cref="ValueRange"/>, written as text for reports and messages, and written as JSON.
/// </summary>
public abstract class SettingType<T> : SettingType
{
    /// <summary>
    /// Reads <paramref name="node"/>, which is set (not null, not JSON null, not blank text). False, with the problem
    /// added to <paramref name="problems"/> under <paramref name="path"/>, when it is not a <typeparamref name="T"/>.
    /// </summary>
    public abstract bool TryRead(JsonNode node, string path, List<SettingProblem> problems, out T value);

    /// <summary>The value as text for reports and the plan fingerprint: round-trippable numbers, <c>[256,128]</c>, <c>Adam</c>.</summary>
    public abstract string Format(T value);

    /// <summary>The value as a problem message shows it (text is quoted).</summary>
    public virtual string Display(T value) => Format(value);

    /// <summary>Writes the value as a JSON value.</summary>
    public virtual void WriteJson(Utf8JsonWriter json, T value) => json.WriteStringValue(Format(value));

    /// <summary>The value as a number (for ranges, sorting and sweeping); null for kinds that are not numbers.</summary>
    public virtual double? ToNumber(T value) => null;

    /// <summary>The value a <c>Space</c> entry gives: a number (rounded for whole numbers), or a layer list.</summary>
    public virtual T FromSweep(SettingValue value) =>
        throw new NotSupportedException($"A {Kind} setting cannot be swept.");

    /// <summary>The value as a <c>Space</c> entry holds it.</summary>
    public virtual SettingValue ToSweep(T value) =>
        throw new NotSupportedException($"A {Kind} setting cannot be swept.");

    /// <summary>True when <paramref name="value"/> is no value (null): the setting is unset.</summary>
    public virtual bool IsUnset(T value) => value is null;

    /// <summary>Adds a problem when <paramref name="value"/> is outside <paramref name="range"/> or otherwise invalid for the type.</summary>
    public virtual void Check(T value, ValueRange? range, string path, List<SettingProblem> problems)
    {
        if (range is not null && ToNumber(value) is { } number && !range.Contains(number))
        {
            problems.Add(new SettingProblem(path, range.Message, Display(value)));
        }
    }
}
