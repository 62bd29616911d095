namespace DropoutSweep.Core.Data;

/// <summary>
/// The nnfs <c>spiral_data(samples, classes)</c> generator, step for step (see nnfs/REFERENCE.md §2): classes in order,
/// r = linspace(0, 1, N), t = linspace(4k, 4(k+1), N) + 0.2·g, x = (r·sin(2.5t), r·cos(2.5t)), stored as float32.
/// </summary>
public static class SpiralGenerator
{
    /// <summary>Features per point: the two coordinates.</summary>
    public const int Features = 2;

    /// <summary>The two coordinates' names, as a saved model and the decision-region chart show them.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["x", "y"];

    /// <summary>
    /// Generates <paramref name="samples"/> points for each of <paramref name="classes"/> arms, sorted by class.
    /// <paramref name="nextGaussian"/> supplies the N(0, 1) draws, N per class in class order (the project's
    /// <c>Rng.NextGaussian</c>, or numpy's stream in tests). X is row-major (x, y) pairs.
    /// </summary>
    public static (float[] X, int[] Y) Generate(int samples, int classes, Func<double> nextGaussian)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentNullException.ThrowIfNull(nextGaussian);

        var rows = checked(samples * classes);
        var x = new float[rows * Features];
        var y = new int[rows];

        // numpy's linspace: step = (stop − start)/(N − 1), value = i·step + start, and the last value is stop exactly.
        // Reproducing that (rather than i/(N − 1)) keeps the points bit-identical to the Python reference.
        // With one point per class numpy's linspace gives just the start: r = 0, t = 4k (plus noise).
        var intervals = samples - 1;
        var radiusStep = intervals > 0 ? 1.0 / intervals : 0.0;
        var angleStep = intervals > 0 ? 4.0 / intervals : 0.0;
        for (var k = 0; k < classes; k++)
        {
            var angleStart = 4.0 * k;
            var angleStop = 4.0 * (k + 1);
            for (var i = 0; i < samples; i++)
            {
                var isStop = i == intervals && intervals > 0;
                var r = isStop ? 1.0 : (i * radiusStep) + 0.0;
                var angle = isStop ? angleStop : (i * angleStep) + angleStart;

                // nnfs rounds each normal to float32 and multiplies by 0.2 in float32; the sum with the float64
                // linspace, sin/cos and the product with r are float64; the store rounds to float32.
                var noise = (float)((float)nextGaussian() * 0.2f);
                var t = angle + noise;
                var row = (k * samples) + i;
                x[row * Features] = (float)(r * Math.Sin(t * 2.5));
                x[(row * Features) + 1] = (float)(r * Math.Cos(t * 2.5));
                y[row] = k;
            }
        }

        return (x, y);
    }
}
