using System.Globalization;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// The values a numeric setting allows, with the message that says so (<c>must be in [0, 1)</c>): bounds that may be
/// open or closed, and whether the value must be whole. Values must also be finite. For a layer list it bounds each width.
/// </summary>
public sealed record ValueRange
{
    private ValueRange(double? minimum, bool minimumExclusive, double? maximum, bool maximumExclusive, bool whole, string message)
    {
        Minimum = minimum;
        MinimumExclusive = minimumExclusive;
        Maximum = maximum;
        MaximumExclusive = maximumExclusive;
        Whole = whole;
        Message = message;
    }

    public double? Minimum { get; }

    /// <summary>True when <see cref="Minimum"/> itself is not allowed.</summary>
    public bool MinimumExclusive { get; }

    public double? Maximum { get; }

    /// <summary>True when <see cref="Maximum"/> itself is not allowed.</summary>
    public bool MaximumExclusive { get; }

    /// <summary>The value must be a whole number.</summary>
    public bool Whole { get; }

    /// <summary>What is allowed, as the problem message says it: <c>must be in [0, 1)</c>.</summary>
    public string Message { get; }

    /// <summary>[<paramref name="minimum"/>, ∞): <c>must be &gt;= 0</c>, plus <paramref name="note"/> (<c> (0 = one per core)</c>).</summary>
    public static ValueRange AtLeast(double minimum, string note = "") =>
        new(minimum, false, null, false, false, $"must be >= {Number(minimum)}{note}");

    /// <summary>(<paramref name="minimum"/>, ∞): <c>must be &gt; 0</c>.</summary>
    public static ValueRange Above(double minimum, string note = "") =>
        new(minimum, true, null, false, false, $"must be > {Number(minimum)}{note}");

    /// <summary>[<paramref name="minimum"/>, <paramref name="maximum"/>): <c>must be in [0, 1)</c>.</summary>
    public static ValueRange FromBelow(double minimum, double maximum) =>
        new(minimum, false, maximum, true, false, $"must be in [{Number(minimum)}, {Number(maximum)})");

    /// <summary>(<paramref name="minimum"/>, <paramref name="maximum"/>): <c>must be in (0, 1)</c>.</summary>
    public static ValueRange Between(double minimum, double maximum) =>
        new(minimum, true, maximum, true, false, $"must be in ({Number(minimum)}, {Number(maximum)})");

    /// <summary>
    /// Whole numbers in [<paramref name="minimum"/>, 2147483647]: <c>must be a whole number in [1, 2147483647]</c>, for
    /// settings whose values may come from a <c>Space</c> as any number.
    /// </summary>
    public static ValueRange WholeFrom(int minimum, string note = "") =>
        new(minimum, false, int.MaxValue, false, true, $"must be a whole number in [{Number(minimum)}, {Number(int.MaxValue)}]{note}");

    /// <summary>Whole numbers of at least <paramref name="minimum"/>, with a custom message (<c>layer width must be &gt;= 1</c>).</summary>
    public static ValueRange WholeAtLeast(int minimum, string message) =>
        new(minimum, false, int.MaxValue, false, true, message);

    /// <summary>True when <paramref name="value"/> is finite, within the bounds and, if required, whole.</summary>
    public bool Contains(double value) =>
        double.IsFinite(value)
        && (Minimum is not { } min || (MinimumExclusive ? value > min : value >= min))
        && (Maximum is not { } max || (MaximumExclusive ? value < max : value <= max))
        && (!Whole || Math.Floor(value) == value);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
