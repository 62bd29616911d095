using System.Text.Json;
using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// The declaration of one setting of type <typeparamref name="TValue"/> on a <typeparamref name="TOptions"/> record:
/// <code>
/// public static readonly Setting&lt;TrainingOptions, double&gt; DropoutRate = new(
///     "DropoutRate", "Probability of dropping a hidden activation in training.",
///     SettingTypes.Number, o =&gt; o.DropoutRate, (o, v) =&gt; o with { DropoutRate = v })
/// {
///     Range = ValueRange.FromBelow(0, 1),
///     Sweepable = true,
/// };
/// </code>
/// The default is the record's own (<c>new TOptions()</c>); everything else is derived from this declaration.
/// </summary>
public sealed class Setting<TOptions, TValue> : Setting<TOptions>
    where TOptions : new()
{
    private readonly SettingType<TValue> _type;

    public Setting(string name, string description, SettingType<TValue> type, Func<TOptions, TValue> get, Func<TOptions, TValue, TOptions> set)
        : base(name, description)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(set);
        _type = type;
        Get = get;
        Set = set;
    }

    public override SettingType Type => _type;

    /// <summary>The value's type, typed.</summary>
    public SettingType<TValue> ValueType => _type;

    /// <summary>Reads the value from an options record (as set: null when unset).</summary>
    public Func<TOptions, TValue> Get { get; }

    /// <summary>Returns the record with the value replaced.</summary>
    public Func<TOptions, TValue, TOptions> Set { get; }

    /// <summary>
    /// A default that depends on other settings of the section (<c>Standardize</c>: on, off for <c>Idx</c>): the value
    /// in effect while the setting is unset. Reports, JSON and the fingerprint show the value in effect.
    /// </summary>
    public Func<TOptions, TValue>? Effective { get; init; }

    /// <summary>How documentation states a default that <see cref="Effective"/> derives (<c>true; false for Idx</c>).</summary>
    public string? DefaultDescription { get; init; }

    /// <summary>A note shown beside a value in human reports (<c>0</c> → <c>full batch</c>); null for none.</summary>
    public Func<TValue, string?>? Note { get; init; }

    public override object? DefaultValue => Get(new TOptions());

    public override string DefaultText =>
        DefaultDescription is { } described ? described
        : DefaultsTo is { } source ? "= " + source.Name
        : _type.IsUnset(Get(new TOptions())) ? "none"
        : _type.Format(Get(new TOptions()));

    public override TOptions Read(TOptions options, JsonNode? node, string path, List<SettingProblem> problems) =>
        SettingText.IsUnset(node) || !_type.TryRead(node!, path, problems, out var value) ? options : Set(options, value);

    public override void Check(TOptions options, string path, List<SettingProblem> problems) =>
        _type.Check(Get(options), Range, path, problems);

    public override bool IsSet(TOptions options) => !_type.IsUnset(Get(options));

    public override string Format(TOptions options) =>
        Source(options) is { } source ? source.Format(options) : _type.Format(InEffect(options));

    public override string Describe(TOptions options)
    {
        if (Source(options) is { } source)
        {
            return source.Describe(options);
        }

        var value = InEffect(options);
        return Note?.Invoke(value) is { } note ? $"{_type.Format(value)} ({note})" : _type.Format(value);
    }

    // A derived default that follows another setting stays "unset" here, since that setting may be swept.
    public override string Canonical(TOptions options) => _type.Format(InEffect(options));

    public override double? Number(TOptions options) =>
        Source(options) is { } source ? source.Number(options) : _type.ToNumber(InEffect(options));

    public override void WriteValue(Utf8JsonWriter json, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Source(options) is { } source)
        {
            source.WriteValue(json, options);
        }
        else
        {
            _type.WriteJson(json, InEffect(options));
        }
    }

    public override TOptions Apply(TOptions options, SettingValue value) => Set(options, _type.FromSweep(value));

    public override SettingValue Normalize(SettingValue value) => _type.ToSweep(_type.FromSweep(value));

    private TValue InEffect(TOptions options)
    {
        var value = Get(options);
        return Effective is { } effective && _type.IsUnset(value) ? effective(options) : value;
    }

    // The setting a derived default takes its value from, while this one is unset.
    private Setting<TOptions>? Source(TOptions options) =>
        DefaultsTo is Setting<TOptions> source && _type.IsUnset(Get(options)) ? source : null;
}
