using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Reference;
using DropoutSweep.Core.Randomness;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>
/// Finite-difference checks of the reference path's backward passes, in double: every layer alone, then the whole
/// network with L1 and L2 on every layer and a fixed dropout mask. (The fast path is held to the reference path by
/// <see cref="PathAgreementTests"/>.)
/// </summary>
public sealed class GradientCheckTests
{
    private const double Step = 1e-6;
    private const double Tolerance = 1e-6;

    [Fact]
    public void Dense_backward_matches_finite_differences_with_L1_and_L2()
    {
        var rng = new Rng(1);
        const int rows = 5, inputs = 4, outputs = 3;
        var dense = new Dense(inputs, outputs, new LayerRegularization(1e-2, 2e-2, 3e-2, 4e-2));
        Fill(dense.Weights, rng);
        Fill(dense.Biases, rng);
        var input = Random(rows * inputs, rng);
        var weights = Random(rows * outputs, rng); // L = Σ out ⊙ R + reg, so dL/dout = R
        var output = new double[rows * outputs];
        double Loss()
        {
            dense.Forward(input, rows, output);
            return Dot(output, weights) + dense.RegularizationLoss();
        }

        var dInput = new double[rows * inputs];
        dense.Backward(input, weights, rows, dInput);
        var dW = dense.WeightGradients.ToArray();
        var db = dense.BiasGradients.ToArray();

        AssertGradient(dW, dense.Weights, Loss);
        AssertGradient(db, dense.Biases, Loss);
        AssertGradient(dInput, input, Loss);
    }

    [Fact]
    public void Relu_backward_matches_finite_differences()
    {
        var rng = new Rng(2);
        var z = Random(40, rng);
        var weights = Random(40, rng);
        var a = new double[40];
        double Loss()
        {
            Relu.Forward(z, a);
            return Dot(a, weights);
        }

        var dZ = new double[40];
        Relu.Backward(z, weights, dZ);
        AssertGradient(dZ, z, Loss);
    }

    [Fact]
    public void Dropout_backward_matches_finite_differences_with_its_forward_mask()
    {
        var rng = new Rng(3);
        const int rows = 6, units = 7;
        var dropout = new Dropout(0.4, hiddenLayer: 0, units, rows);
        var masks = new HashDropoutMasks(99, [0.4]);
        var a = Random(rows * units, rng);
        var weights = Random(rows * units, rng);
        var output = new double[rows * units];
        double Loss()
        {
            dropout.Forward(a, rows, output, training: true, masks, step: 0);
            return Dot(output, weights);
        }

        Loss();
        var dA = new double[rows * units];
        dropout.Backward(weights, rows, dA);
        Assert.Contains(0.0, dropout.Mask.ToArray());
        Assert.Contains(1 / 0.6, dropout.Mask.ToArray());
        AssertGradient(dA, a, Loss);
    }

    [Fact]
    public void Softmax_cross_entropy_backward_matches_finite_differences()
    {
        var rng = new Rng(4);
        const int rows = 5, classes = 4;
        var logits = Random(rows * classes, rng);
        int[] labels = [0, 3, 1, 2, 3];
        var probabilities = new double[rows * classes];
        double Loss() => SoftmaxCrossEntropy.Forward(logits, labels, classes, probabilities).LossSum / rows;

        Loss();
        var dLogits = new double[rows * classes];
        SoftmaxCrossEntropy.Backward(probabilities, labels, classes, dLogits);
        AssertGradient(dLogits, logits, Loss);
    }

    [Fact]
    public void Whole_network_backward_matches_finite_differences_with_L1_L2_and_a_fixed_dropout_mask()
    {
        var rng = new Rng(5);
        const int rows = 12, features = 3, classes = 3;
        var regularization = new LayerRegularization(1e-3, 2e-3, 3e-3, 4e-3);
        var spec = new NetworkSpec([features, 6, 5, classes], [regularization, regularization, regularization], [0.3, 0.2]);
        var network = new ReferenceNetwork(spec, new OptimizerSettings(OptimizerKind.Adam, 0.01, 0, 0), new HashDropoutMasks(7, spec.DropoutRates), rows);
        var parameters = NetworkParameters.Zeros(spec.Widths);
        foreach (var tensor in parameters.Weights.Concat(parameters.Biases))
        {
            // Large enough that every unit is alive for some rows, and biases away from L1's kink at 0.
            for (var k = 0; k < tensor.Length; k++)
            {
                tensor[k] = 0.4 * rng.NextGaussian();
            }
        }

        var x = Enumerable.Range(0, rows * features).Select(_ => (float)rng.NextGaussian()).ToArray();
        var y = Enumerable.Range(0, rows).Select(r => r % classes).ToArray();
        var all = Enumerable.Range(0, rows).ToArray();
        double Loss()
        {
            network.SetParameters(parameters);
            return network.ComputeGradients(x, y, all).Loss; // step stays 0: the same mask every time
        }

        // Well inside the loss clip [1e-7, 1 − 1e-7], where the loss is smooth (the clip is flat, its gradient is not).
        Assert.InRange(Loss(), 0.5, 3.0);
        var gradients = network.GetGradients();
        for (var l = 0; l < spec.DenseLayers; l++)
        {
            AssertGradient(gradients.Weights[l], parameters.Weights[l], Loss);
            AssertGradient(gradients.Biases[l], parameters.Biases[l], Loss);
        }
    }

    private static void AssertGradient(double[] analytic, double[] values, Func<double> loss)
    {
        for (var k = 0; k < values.Length; k++)
        {
            var saved = values[k];
            values[k] = saved + Step;
            var up = loss();
            values[k] = saved - Step;
            var down = loss();
            values[k] = saved;
            var numeric = (up - down) / (2 * Step);
            var scale = Math.Max(1e-3, Math.Max(Math.Abs(numeric), Math.Abs(analytic[k])));
            Assert.True(
                Math.Abs(numeric - analytic[k]) <= Tolerance * scale,
                $"element {k}: analytic {analytic[k]:R}, finite difference {numeric:R}");
        }

        loss();
    }

    private static double[] Random(int count, Rng rng) => Enumerable.Range(0, count).Select(_ => rng.NextGaussian()).ToArray();

    private static void Fill(double[] values, Rng rng)
    {
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = rng.NextGaussian();
        }
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();
}
