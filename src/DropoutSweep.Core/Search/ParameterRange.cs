namespace DropoutSweep.Core.Search;

/// <summary>
/// The values one swept setting may take: either explicit <see cref="Values"/> (numbers), explicit
/// <see cref="LayerValues"/> (layer lists, for <c>Hidden</c>), or a <see cref="Min"/>/<see cref="Max"/> range with a
/// <see cref="Scale"/> (and a <see cref="Count"/> of points for a grid).
/// </summary>
public sealed record ParameterRange
{
    public IReadOnlyList<double>? Values { get; init; }

    public IReadOnlyList<IReadOnlyList<int>>? LayerValues { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public RangeScale Scale { get; init; } = RangeScale.Linear;

    public int? Count { get; init; }
}
