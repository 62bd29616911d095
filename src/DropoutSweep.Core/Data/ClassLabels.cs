using System.Globalization;

namespace DropoutSweep.Core.Data;

/// <summary>
/// Numbers the distinct labels of a data set 0..K−1: in numeric order when every label is a number (so 2 → 0, 9 → 1,
/// 10 → 2, and "1" and "1.0" are one class), in ordinal text order otherwise.
/// </summary>
internal static class ClassLabels
{
    /// <summary>The class of each distinct label text (same index as <paramref name="distinct"/>) and the name of each class.</summary>
    public static (int[] ClassOf, string[] ClassNames) Number(IReadOnlyList<string> distinct)
    {
        var numbers = new double[distinct.Count];
        var numeric = true;
        for (var i = 0; i < distinct.Count && numeric; i++)
        {
            numeric = double.TryParse(distinct[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) && double.IsFinite(numbers[i]);
        }

        if (numeric)
        {
            var values = numbers.Distinct().Order().ToArray();
            return (numbers.Select(number => Array.BinarySearch(values, number)).ToArray(), values.Select(value => value.ToString("R", CultureInfo.InvariantCulture)).ToArray());
        }

        var names = distinct.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return (distinct.Select(text => Array.BinarySearch(names, text, StringComparer.Ordinal)).ToArray(), names);
    }

    /// <summary>Rows per class.</summary>
    public static int[] Count(int[] labels, int classes)
    {
        var counts = new int[classes];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return counts;
    }
}
