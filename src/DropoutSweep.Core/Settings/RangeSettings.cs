using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// One entry of <c>Sweep:Space</c> (<see cref="ParameterRange"/>): explicit <c>Values</c>, or a <c>Min</c>/<c>Max</c>
/// range with a <c>Scale</c> and, for a grid, a <c>Count</c>. Values and bounds are of the swept setting's kind and
/// within its range; <c>Hidden</c> takes layer lists as <c>Values</c>.
/// </summary>
public static class RangeSettings
{
    public static readonly Setting<ParameterRange, IReadOnlyList<double>?> Values = new(
        "Values", "The values to try, in order (a Random sweep picks among them uniformly); Hidden takes layer lists such as [[64], [256, 128]].",
        SettingTypes.NumberList, o => o.Values, (o, v) => o with { Values = v });

    public static readonly Setting<ParameterRange, double?> Min = new(
        "Min", "Lower end of a range; within the swept setting's own range.",
        SettingTypes.OptionalNumber, o => o.Min, (o, v) => o with { Min = v });

    public static readonly Setting<ParameterRange, double?> Max = new(
        "Max", "Upper end of a range; within the swept setting's own range.",
        SettingTypes.OptionalNumber, o => o.Max, (o, v) => o with { Max = v });

    public static readonly Setting<ParameterRange, RangeScale> Scale = new(
        "Scale", "Spacing of a range: Linear, or Log (Min must then be > 0); a Random sweep draws uniformly or log-uniformly.",
        SettingTypes.Enum<RangeScale>(), o => o.Scale, (o, v) => o with { Scale = v });

    public static readonly Setting<ParameterRange, int?> Count = new(
        "Count", "Grid only, required for a range: the number of points, endpoints included.",
        SettingTypes.OptionalWholeNumber, o => o.Count, (o, v) => o with { Count = v })
    {
        Range = ValueRange.AtLeast(1),
    };

    /// <summary>The section of one <c>Space</c> entry.</summary>
    public static Section<ParameterRange> Section { get; } = new(
        "Range",
        "The values one swept setting takes: Values, or Min and Max with Scale (and Count for a grid).",
        [Values, Min, Max, Scale, Count]);
}
