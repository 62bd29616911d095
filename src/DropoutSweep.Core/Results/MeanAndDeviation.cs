using System.Globalization;

namespace DropoutSweep.Core.Results;

/// <summary>Mean and sample standard deviation (n − 1) of a metric over a configuration's repeats; NaN mean when no repeat has a finite value.</summary>
public readonly record struct MeanAndDeviation(double Mean, double StandardDeviation, int Count)
{
    /// <summary>The statistics of the finite values among <paramref name="values"/> (a diverged or failed repeat has none).</summary>
    public static MeanAndDeviation Of(IEnumerable<double> values) => Of(values.ToArray());

    /// <summary>The statistics of the finite values among <paramref name="values"/>, in two passes (mean, then squared deviations), without allocating.</summary>
    public static MeanAndDeviation Of(ReadOnlySpan<double> values)
    {
        var count = 0;
        var sum = 0.0;
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                count++;
                sum += value;
            }
        }

        if (count == 0)
        {
            return new MeanAndDeviation(double.NaN, double.NaN, 0);
        }

        var mean = sum / count;
        if (count < 2)
        {
            return new MeanAndDeviation(mean, 0.0, 1);
        }

        var squares = 0.0;
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                squares += (value - mean) * (value - mean);
            }
        }

        return new MeanAndDeviation(mean, Math.Sqrt(squares / (count - 1)), count);
    }

    /// <summary><c>0.7567</c>, or <c>0.7567 ± 0.0123</c> when there is more than one value; <c>—</c> when there is none.</summary>
    public string Format(string format = "0.0000") =>
        Count == 0 ? "—"
        : Count == 1 ? Mean.ToString(format, CultureInfo.InvariantCulture)
        : $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString(format, CultureInfo.InvariantCulture)}";
}
