namespace DropoutSweep.Core.Results;

/// <summary>
/// Quantile bins: a continuous setting's values split into about <c>bins</c> groups of nearly equal size, in value
/// order, so that a summary of 100,000 random draws has a handful of rows rather than one per distinct float. Equal
/// values always share a bin, so there may be fewer bins than asked for.
/// </summary>
public static class QuantileBins
{
    /// <summary>
    /// The bins of <paramref name="values"/>: each the positions (into <paramref name="values"/>) of its members with
    /// their lowest and highest value. NaN values are left out.
    /// </summary>
    public static IReadOnlyList<QuantileBin> Of(IReadOnlyList<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var order = Enumerable.Range(0, values.Count).Where(i => !double.IsNaN(values[i])).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
        var result = new List<QuantileBin>(bins);
        var start = 0;
        for (var k = 1; k <= bins && start < order.Length; k++)
        {
            // End at the k-th quantile's position, moved on past values equal to the last one taken.
            var end = Math.Max(start + 1, (int)Math.Round((double)order.Length * k / bins));
            while (end < order.Length && values[order[end]] == values[order[end - 1]])
            {
                end++;
            }

            result.Add(new QuantileBin(values[order[start]], values[order[end - 1]], order[start..end]));
            start = end;
        }

        return result;
    }
}
