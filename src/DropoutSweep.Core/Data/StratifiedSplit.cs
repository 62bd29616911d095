using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Core.Data;

/// <summary>
/// The seeded, stratified train/validation split shared by the spiral and CSV data: rows are shuffled once, then
/// each class gives round(count × fraction) of its rows (at least one, and at least one left for training) to
/// validation. Both parts keep the shuffled order, so neither is sorted by class.
/// </summary>
internal static class StratifiedSplit
{
    /// <summary>Row indices of the training and validation parts.</summary>
    public static (int[] Train, int[] Validation) Split(int[] labels, int classes, double validationFraction, Rng rng)
    {
        var counts = new int[classes];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        var validationQuota = new int[classes];
        for (var k = 0; k < classes; k++)
        {
            validationQuota[k] = ValidationRows(counts[k], validationFraction);
        }

        var order = new int[labels.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        rng.Shuffle(order.AsSpan());

        var validationTotal = validationQuota.Sum();
        var train = new int[labels.Length - validationTotal];
        var validation = new int[validationTotal];
        int trainCount = 0, validationCount = 0;
        foreach (var row in order)
        {
            var label = labels[row];
            if (validationQuota[label] > 0)
            {
                validationQuota[label]--;
                validation[validationCount++] = row;
            }
            else
            {
                train[trainCount++] = row;
            }
        }

        return (train, validation);
    }

    /// <summary>Validation rows for a class of <paramref name="count"/> rows: round(count × fraction) kept within [1, count − 1].</summary>
    public static int ValidationRows(int count, double validationFraction) =>
        Math.Clamp((int)Math.Round(count * validationFraction, MidpointRounding.AwayFromZero), 1, count - 1);

    /// <summary>Copies the chosen rows of a row-major feature matrix and their labels.</summary>
    public static (float[] X, int[] Y) Take(float[] x, int[] y, int features, int[] rows)
    {
        var takenX = new float[rows.Length * features];
        var takenY = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            Array.Copy(x, rows[i] * features, takenX, i * features, features);
            takenY[i] = y[rows[i]];
        }

        return (takenX, takenY);
    }
}
