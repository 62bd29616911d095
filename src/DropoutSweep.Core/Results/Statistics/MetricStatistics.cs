namespace DropoutSweep.Core.Results.Statistics;

/// <summary>
/// Mean, sample standard deviation (n − 1) and Student-t 95 % confidence interval of the mean of one metric over a
/// configuration's repeats. <see cref="StandardDeviation"/> and the interval are null with fewer than two finite
/// values; <see cref="Mean"/> is NaN with none.
/// </summary>
public sealed record MetricStatistics(double Mean, double? StandardDeviation, double? CiLow, double? CiHigh, int Count);
