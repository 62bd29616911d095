using System.Globalization;

namespace DropoutSweep.Core.Results;

/// <summary>Mean and sample standard deviation (n − 1) of a metric over a configuration's repeats; NaN mean when no repeat has a finite value.</summary>
public readonly record struct MeanAndDeviation(double Mean, double StandardDeviation, int Count)
{
    /// <summary>The statistics of the finite values among <paramref name="values"/> (a diverged or failed repeat has none).</summary>
    public static MeanAndDeviation Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return new MeanAndDeviation(double.NaN, double.NaN, 0);
        }

        var mean = finite.Average();
        var deviation = finite.Length < 2 ? 0.0 : Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1));
        return new MeanAndDeviation(mean, deviation, finite.Length);
    }

    /// <summary><c>0.7567</c>, or <c>0.7567 ± 0.0123</c> when there is more than one value; <c>—</c> when there is none.</summary>
    public string Format(string format = "0.0000") =>
        Count == 0 ? "—"
        : Count == 1 ? Mean.ToString(format, CultureInfo.InvariantCulture)
        : $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString(format, CultureInfo.InvariantCulture)}";
}
