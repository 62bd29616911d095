using DropoutSweep.Core.Data;
using DropoutSweep.Core.Randomness;
using Xunit;

namespace DropoutSweep.Core.Tests.Data;

public sealed class SpiralGeneratorTests
{
    [Fact]
    public void Spiral_100x3_from_numpy_seed_0_reproduces_the_reference_vectors_bit_for_bit()
    {
        var numpy = new NumpyRandomState(0);

        var (x, y) = SpiralGenerator.Generate(100, 3, numpy.NextGaussian);

        Assert.Equal(600, x.Length);
        Assert.Equal(300, y.Length);
        AssertPoint(x, 1, 0.0029955569189041853, 0.00964660756289959);
        AssertPoint(x, 299, -0.9427887797355652, 0.3333906829357147);

        // Point 0 of class 1 is the origin with negative sines and cosines: numpy prints (−0.0, −0.0).
        Assert.True(float.IsNegative(x[200]) && x[200] == 0f);
        Assert.True(float.IsNegative(x[201]) && x[201] == 0f);
        Assert.Equal(-15.34763445349381, Sum(x), 1e-9);
        Assert.Equal(191.30145125457057, SumOfMagnitudes(x), 1e-9);
    }

    [Fact]
    public void A_dense_layer_initialised_after_the_100x3_spiral_continues_numpys_stream()
    {
        // nnfs: Layer_Dense(2, 64) draws 0.01 * randn(2, 64) (float32) right after spiral_data(100, 3).
        var numpy = new NumpyRandomState(0);
        SpiralGenerator.Generate(100, 3, numpy.NextGaussian);

        var weights = new float[3];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(0.01f * (float)numpy.NextGaussian());
        }

        Assert.Equal(-0.013065268285572529, weights[0]);
        Assert.Equal(0.016581306234002113, weights[1]);
        Assert.Equal(-0.0011816404294222593, weights[2]);
    }

    [Fact]
    public void Spiral_1000x3_from_numpy_seed_0_reproduces_the_reference_vectors_bit_for_bit()
    {
        var numpy = new NumpyRandomState(0);

        var (x, _) = SpiralGenerator.Generate(1000, 3, numpy.NextGaussian);

        AssertPoint(x, 1, 0.0002087553293677047, 0.0009789913892745972);
        AssertPoint(x, 2999, -0.9934439659118652, 0.1143200471997261);
        Assert.Equal(-56.530444775607975, Sum(x), 1e-9);
        Assert.Equal(1910.0017840227974, SumOfMagnitudes(x), 1e-9);
    }

    [Fact]
    public void Labels_run_class_by_class_in_contiguous_blocks()
    {
        var rng = new Rng(7);

        var (_, y) = SpiralGenerator.Generate(50, 4, rng.NextGaussian);

        for (var row = 0; row < y.Length; row++)
        {
            Assert.Equal(row / 50, y[row]);
        }
    }

    [Fact]
    public void Radii_run_evenly_from_the_origin_to_the_unit_circle()
    {
        var rng = new Rng(11);
        const int samples = 201;

        var (x, _) = SpiralGenerator.Generate(samples, 3, rng.NextGaussian);

        for (var row = 0; row < x.Length / 2; row++)
        {
            var i = row % samples;
            var radius = Math.Sqrt((x[2 * row] * (double)x[2 * row]) + (x[(2 * row) + 1] * (double)x[(2 * row) + 1]));
            Assert.Equal(i / (double)(samples - 1), radius, 1e-6);
        }
    }

    [Fact]
    public void Angles_follow_each_arm_with_noise_of_standard_deviation_half_a_radian()
    {
        var rng = new Rng(3);
        const int samples = 2000;
        const int classes = 3;

        var (x, _) = SpiralGenerator.Generate(samples, classes, rng.NextGaussian);

        // x = (r·sin(2.5t), r·cos(2.5t)), so atan2(x0, x1) is 2.5t modulo 2π. The noise on 2.5t is N(0, 0.5²).
        var deviations = new List<double>();
        for (var k = 0; k < classes; k++)
        {
            for (var i = 1; i < samples; i++)
            {
                var row = (k * samples) + i;
                var expected = 2.5 * (4.0 * k + (4.0 * i / (samples - 1)));
                var actual = Math.Atan2(x[2 * row], x[(2 * row) + 1]);
                deviations.Add(Math.IEEERemainder(actual - expected, 2 * Math.PI));
            }
        }

        var mean = deviations.Average();
        var sd = Math.Sqrt(deviations.Sum(d => (d - mean) * (d - mean)) / deviations.Count);
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(sd, 0.47, 0.53);
        Assert.All(deviations, d => Assert.InRange(Math.Abs(d), 0, 5 * 0.5));
    }

    [Fact]
    public void The_same_seed_gives_the_same_points_and_another_seed_other_points()
    {
        var first = SpiralGenerator.Generate(100, 3, new Rng(5).NextGaussian);
        var again = SpiralGenerator.Generate(100, 3, new Rng(5).NextGaussian);
        var other = SpiralGenerator.Generate(100, 3, new Rng(6).NextGaussian);

        Assert.Equal(first.X, again.X);
        Assert.NotEqual(first.X, other.X);
    }

    [Fact]
    public void One_point_per_class_is_the_origin_as_numpys_linspace_gives_only_the_start()
    {
        var (x, y) = SpiralGenerator.Generate(1, 3, new Rng(2).NextGaussian);

        Assert.Equal([0, 1, 2], y);
        Assert.All(x, value => Assert.Equal(0f, Math.Abs(value)));
    }

    private static void AssertPoint(float[] x, int row, double expected0, double expected1)
    {
        Assert.Equal(expected0, (double)x[2 * row]);
        Assert.Equal(expected1, (double)x[(2 * row) + 1]);
    }

    private static double Sum(float[] values) => values.Sum(v => (double)v);

    private static double SumOfMagnitudes(float[] values) => values.Sum(v => Math.Abs((double)v));
}
