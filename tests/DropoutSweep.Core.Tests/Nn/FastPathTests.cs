using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Fast;
using DropoutSweep.Core.Randomness;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>
/// The fast path's own facts: its whole training state can be captured and restored exactly (what successive halving's
/// checkpoints need), its layouts give back the parameters they were given, its gradients match finite differences of
/// its own loss, and its exp is the library's to about an ulp at every width.
/// </summary>
public sealed class FastPathTests(ITestOutputHelper output)
{
    public static TheoryData<int[], int> Shapes => new()
    {
        { [2, 64, 3], 0 },            // fused path, full batch
        { [30, 80, 48, 7], 37 },      // mini-batch path: panels of 4+1 and 3 vectors, a column-major output layer
        { [64, 96, 10], 50 },         // mini-batch path, two row chunks per batch (double sums)
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_network_restored_from_a_captured_state_continues_bit_for_bit(int[] widths, int batch)
    {
        var data = PathAgreementTests.Synthetic(widths[0], widths[^1], 120);
        var size = batch == 0 ? data.TrainRows : batch;
        var spec = new NetworkSpec(widths, Enumerable.Repeat(new LayerRegularization(1e-4, 5e-4, 0, 5e-4), widths.Length - 1).ToArray(), Enumerable.Repeat(0.2, widths.Length - 2).ToArray());
        var optimizer = new OptimizerSettings(OptimizerKind.Adam, 0.01, 1e-3, 0);
        IFastNetwork Build()
        {
            var network = FastNetwork.Create(spec, optimizer, new HashDropoutMasks(99, spec.DropoutRates), size);
            network.SetParameters(NetworkParameters.Initialize(widths, new Rng(4)));
            return network;
        }

        var order = Enumerable.Range(0, data.TrainRows).ToArray();
        double[] Train(IFastNetwork network, int steps, int firstStep)
        {
            var losses = new double[steps];
            for (var s = 0; s < steps; s++)
            {
                var start = ((firstStep + s) * size) % (data.TrainRows - size + 1);
                losses[s] = network.ComputeGradients(data.TrainX, data.TrainY, order.AsSpan(start, size)).Loss;
                network.Update();
            }

            return losses;
        }

        var straight = Build();
        Train(straight, 7, 0);
        var checkpoint = new TrainingState(straight.State.Parameters.Select(p => p.Length).ToArray());
        straight.State.CopyTo(checkpoint);
        var expected = Train(straight, 7, 7);

        var resumed = Build(); // fresh: initial parameters, zero moments, step 0, until the checkpoint is restored
        checkpoint.CopyTo(resumed.State);
        var actual = Train(resumed, 7, 7);

        Assert.Equal(7 + 7, resumed.Step);
        Assert.Equal(expected, actual);
        for (var t = 0; t < straight.State.Parameters.Length; t++)
        {
            Assert.Equal(straight.State.Parameters[t], resumed.State.Parameters[t]);
            Assert.Equal(straight.State.FirstMoments[t], resumed.State.FirstMoments[t]);
            Assert.Equal(straight.State.SecondMoments[t], resumed.State.SecondMoments[t]);
        }
    }

    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    [InlineData("Scalar")]
    public void Every_layout_gives_back_the_parameters_it_was_given(string simd)
    {
        var width = Enum.Parse<SimdWidth>(simd);
        PathAgreementTests.SkipUnlessAccelerated(width);
        foreach (var widths in new[] { new[] { 3, 40, 2 }, [5, 70, 33, 17, 9, 4] })
        {
            var spec = new NetworkSpec(widths, new LayerRegularization[widths.Length - 1], new double[widths.Length - 2]);
            var network = FastNetwork.Create(spec, new OptimizerSettings(OptimizerKind.Adam, 0.01, 0, 0), new HashDropoutMasks(1, spec.DropoutRates), 8, width);
            var parameters = NetworkParameters.Zeros(widths);
            var value = 0.0;
            foreach (var tensor in parameters.Weights.Concat(parameters.Biases))
            {
                for (var k = 0; k < tensor.Length; k++)
                {
                    tensor[k] = ++value; // every entry distinct: a wrong index shows
                }
            }

            network.SetParameters(parameters);
            var back = network.GetParameters();
            for (var l = 0; l < widths.Length - 1; l++)
            {
                Assert.Equal(parameters.Weights[l], back.Weights[l]);
                Assert.Equal(parameters.Biases[l], back.Biases[l]);
            }
        }
    }

    [Theory]
    [InlineData(new[] { 3, 20, 3 })]          // fused path
    [InlineData(new[] { 6, 40, 24, 5 })]      // mini-batch path: panels, a column-major output layer
    public void Fast_path_gradients_match_finite_differences_of_its_own_loss(int[] widths)
    {
        // Float32 central differences: a step of 1e-2 keeps rounding (~1e-7 / 1e-2) and curvature well below the 3 %
        // tolerance, which still catches any gradient that is wrong in sign, scale or place. A step that crosses a
        // ReLU's kink has no derivative to compare with: where the one-sided differences disagree, the entry is skipped.
        const double step = 1e-2, tolerance = 3e-2;
        var rng = new Rng(6);
        const int rows = 12;
        var regularization = new LayerRegularization(1e-3, 2e-3, 3e-3, 4e-3);
        var spec = new NetworkSpec(widths, Enumerable.Repeat(regularization, widths.Length - 1).ToArray(), Enumerable.Repeat(0.3, widths.Length - 2).ToArray());
        var network = FastNetwork.Create(spec, new OptimizerSettings(OptimizerKind.Adam, 0.01, 0, 0), new HashDropoutMasks(8, spec.DropoutRates), rows);
        var parameters = NetworkParameters.Zeros(widths);
        for (var l = 0; l < widths.Length - 1; l++)
        {
            // Large enough that every unit is alive for some rows, and biases away from L1's kink at 0.
            foreach (var tensor in new[] { parameters.Weights[l], parameters.Biases[l] })
            {
                for (var k = 0; k < tensor.Length; k++)
                {
                    tensor[k] = rng.NextGaussian() / Math.Sqrt(widths[l]);
                }
            }
        }

        var x = Enumerable.Range(0, rows * widths[0]).Select(_ => (float)rng.NextGaussian()).ToArray();
        var y = Enumerable.Range(0, rows).Select(r => r % widths[^1]).ToArray();
        var all = Enumerable.Range(0, rows).ToArray();
        double Loss()
        {
            network.SetParameters(parameters);
            return network.ComputeGradients(x, y, all).Loss; // step stays 0: the same dropout masks every time
        }

        var loss = Loss();
        Assert.InRange(loss, 0.3, 4.0);
        var gradients = network.GetGradients();
        var (checkedCount, skipped, worst) = (0, 0, 0.0);
        for (var l = 0; l < spec.DenseLayers; l++)
        {
            foreach (var (analytic, values) in new[] { (gradients.Weights[l], parameters.Weights[l]), (gradients.Biases[l], parameters.Biases[l]) })
            {
                for (var k = 0; k < values.Length; k += 1 + (values.Length / 40))
                {
                    var saved = values[k];
                    values[k] = saved + step;
                    var up = Loss();
                    values[k] = saved - step;
                    var down = Loss();
                    values[k] = saved;
                    var (forward, backward) = ((up - loss) / step, (loss - down) / step);
                    if (Math.Abs(forward - backward) > 0.1 * Math.Max(1e-2, Math.Max(Math.Abs(forward), Math.Abs(backward))))
                    {
                        skipped++;
                        continue;
                    }

                    var numeric = (up - down) / (2 * step);
                    var error = Math.Abs(numeric - analytic[k]) / Math.Max(1e-2, Math.Abs(numeric));
                    worst = Math.Max(worst, error);
                    checkedCount++;
                    Assert.True(error <= tolerance, $"layer {l} element {k}: analytic {analytic[k]:R}, finite difference {numeric:R}");
                }
            }
        }

        output.WriteLine($"{string.Join("→", widths)}: loss {loss:F3}, {checkedCount} entries checked, {skipped} at a kink, worst relative difference {worst:E2}");
        Assert.True(skipped * 5 <= checkedCount, $"{skipped} of {checkedCount + skipped} entries at a kink");
    }

    [Theory]
    [InlineData("Vector512")]
    [InlineData("Vector256")]
    public void The_fast_exp_is_within_two_ulp_of_the_library_and_gives_the_same_bits_at_every_width(string simd)
    {
        var width = Enum.Parse<SimdWidth>(simd);
        PathAgreementTests.SkipUnlessAccelerated(width);
        var inputs = Enumerable.Range(0, 16 * 2000).Select(k => -86.9f + (k * (87f + 88f) / (16 * 2000))).ToArray();
        var outputs = new float[inputs.Length];
        ref var input = ref inputs[0];
        ref var result = ref outputs[0];
        for (var k = 0; k < inputs.Length; k += width == SimdWidth.Vector512 ? 16 : 8)
        {
            if (width == SimdWidth.Vector512)
            {
                Vector512Ops.Store(Vector512Ops.Exp(Vector512Ops.Load(ref input, k)), ref result, k);
            }
            else
            {
                Vector256Ops.Store(Vector256Ops.Exp(Vector256Ops.Load(ref input, k)), ref result, k);
            }
        }

        var worstUlp = 0.0;
        for (var k = 0; k < inputs.Length; k++)
        {
            Assert.Equal(ScalarOps.Exp(inputs[k]), outputs[k]);
            var exact = Math.Exp(inputs[k]); // double: the reference value
            var ulp = Math.Abs(outputs[k] - exact) / (MathF.BitIncrement((float)exact) - (float)exact);
            worstUlp = Math.Max(worstUlp, ulp);
        }

        output.WriteLine($"{width}: worst error {worstUlp:F2} ulp over [-86.9, 88.1]");
        Assert.True(worstUlp <= 2, $"worst error {worstUlp} ulp");
        Assert.Equal(0f, ScalarOps.Exp(-87.5f));
        Assert.Equal(0f, ScalarOps.Exp(float.NegativeInfinity));
        Assert.True(float.IsNaN(ScalarOps.Exp(float.NaN)));
        Assert.Equal(1f, ScalarOps.Exp(0f));
    }
}
