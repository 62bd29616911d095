using System.Collections;
using System.Text.Json.Serialization;

namespace DropoutSweep.Core.Results;

/// <summary>
/// A trial's learning curve: one <see cref="CurvePoint"/> per evaluation, in epoch order. Immutable, compared by value.
/// In JSON (the journal, messages between nodes) it is one array per <see cref="CurveColumns"/> column:
/// <c>{"epoch":[100,200],"trainDataLoss":[...],...}</c>.
/// </summary>
[JsonConverter(typeof(LearningCurveJsonConverter))]
public sealed class LearningCurve : IReadOnlyList<CurvePoint>, IEquatable<LearningCurve>
{
    private readonly CurvePoint[] _points;

    /// <summary>A curve of a copy of <paramref name="points"/>.</summary>
    public LearningCurve(ReadOnlySpan<CurvePoint> points)
        : this(points.ToArray())
    {
    }

    private LearningCurve(CurvePoint[] points) => _points = points;

    /// <summary>No evaluation (a trial that failed, or stopped before its first evaluation).</summary>
    public static LearningCurve Empty { get; } = new(Array.Empty<CurvePoint>());

    public int Count => _points.Length;

    public CurvePoint this[int index] => _points[index];

    /// <summary>The first <paramref name="count"/> points of <paramref name="points"/>, which the curve then owns (no copy when they are all of it).</summary>
    internal static LearningCurve Own(CurvePoint[] points, int count) =>
        count == 0 ? Empty : new LearningCurve(count == points.Length ? points : points[..count]);

    public IEnumerator<CurvePoint> GetEnumerator() => ((IEnumerable<CurvePoint>)_points).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(LearningCurve? other) => other is not null && _points.AsSpan().SequenceEqual(other._points);

    public override bool Equals(object? obj) => Equals(obj as LearningCurve);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var point in _points)
        {
            hash.Add(point);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => Count == 0 ? "no evaluation" : $"{Count} evaluations, epochs {_points[0].Epoch}–{_points[^1].Epoch}";
}
