using System.Runtime.Intrinsics;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Fast;
using DropoutSweep.Core.Nn.Reference;
using DropoutSweep.Core.Randomness;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>Dropout drops at its rate, preserves the expectation, is the identity in evaluation, and costs nothing at rate 0.</summary>
public sealed class DropoutTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Dropped_fraction_is_within_four_sigma_of_the_rate(double rate)
    {
        const int rows = 200, units = 512;
        var masks = new HashDropoutMasks(12345, [rate]);
        var dropped = 0;
        for (var step = 0; step < 2; step++)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var u = 0; u < units; u++)
                {
                    dropped += masks.Keep(step, 0, r, u) ? 0 : 1;
                }
            }
        }

        var n = 2.0 * rows * units;
        var sigma = Math.Sqrt(rate * (1 - rate) / n);
        Assert.InRange(dropped / n, rate - (4 * sigma), rate + (4 * sigma));
    }

    [Fact]
    public void Masks_differ_between_steps_rows_units_and_seeds()
    {
        var a = new HashDropoutMasks(1, [0.5]);
        var b = new HashDropoutMasks(2, [0.5]);
        bool[] Row(HashDropoutMasks m, long step, int row) => Enumerable.Range(0, 256).Select(u => m.Keep(step, 0, row, u)).ToArray();

        Assert.NotEqual(Row(a, 0, 0), Row(a, 1, 0));
        Assert.NotEqual(Row(a, 0, 0), Row(a, 0, 1));
        Assert.NotEqual(Row(a, 0, 0), Row(b, 0, 0));
        Assert.Equal(Row(a, 3, 7), Row(new HashDropoutMasks(1, [0.5]), 3, 7));
    }

    [Fact]
    public void Vectorised_masks_are_the_reference_masks()
    {
        const int units = 64;
        var masks = new HashDropoutMasks(77, [0.3]);
        var threshold = HashDropoutMasks.DropThreshold(0.3);
        var steps = Enumerable.Range(0, units).Select(u => (uint)u * HashDropoutMasks.GoldenGamma).ToArray();
        var scale = (float)(1 / 0.7);
        var stepKey = HashDropoutMasks.StepKey(77, 5, 0);
        for (var row = 0; row < 20; row += 2)
        {
            var key = HashDropoutMasks.PairKey(stepKey, row);
            float[] Expected(int r) => Enumerable.Range(0, units).Select(u => masks.Keep(5, 0, r, u) ? scale : 0f).ToArray();
            var (even, odd) = (Expected(row), Expected(row + 1));
            for (var u = 0; u < units; u++)
            {
                var (e, o) = (1f, 1f);
                ScalarOps.Drop(ScalarOps.Key(key), ref steps[0], u, ScalarOps.DropoutVectors(threshold, scale), ref e, ref o);
                Assert.Equal((even[u], odd[u]), (e, o));
            }

            for (var u = 0; u < units; u += 16)
            {
                var (e512, o512) = (Vector512<float>.One, Vector512<float>.One);
                Vector512Ops.Drop(Vector512Ops.Key(key), ref steps[0], u, Vector512Ops.DropoutVectors(threshold, scale), ref e512, ref o512);
                Assert.Equal(even.AsSpan(u, 16).ToArray(), Lanes(e512));
                Assert.Equal(odd.AsSpan(u, 16).ToArray(), Lanes(o512));
                var (e256, o256) = (Vector256<float>.One, Vector256<float>.One);
                Vector256Ops.Drop(Vector256Ops.Key(key), ref steps[0], u, Vector256Ops.DropoutVectors(threshold, scale), ref e256, ref o256);
                Assert.Equal(even.AsSpan(u, 8).ToArray(), Lanes(e256));
                Assert.Equal(odd.AsSpan(u, 8).ToArray(), Lanes(o256));
            }
        }

        static float[] Lanes<T>(T vector)
            where T : struct => vector switch
            {
                Vector512<float> v => Enumerable.Range(0, 16).Select(i => v.GetElement(i)).ToArray(),
                Vector256<float> v => Enumerable.Range(0, 8).Select(i => v.GetElement(i)).ToArray(),
                _ => throw new ArgumentException("not a float vector"),
            };
    }

    [Fact]
    public void The_fused_ReLU_and_mask_is_the_ReLU_under_the_reference_masks_at_every_width()
    {
        // Inputs of both signs, zero and NaN (which the ReLU lets through where the unit is kept); the expected value of
        // each lane is the ReLU of its input where HashDropoutMasks.Keep keeps the unit, else 0.
        const int units = 64;
        var masks = new HashDropoutMasks(91, [0.4]);
        var threshold = HashDropoutMasks.DropThreshold(0.4);
        var steps = Enumerable.Range(0, units).Select(u => (uint)u * HashDropoutMasks.GoldenGamma).ToArray();
        var stepKey = HashDropoutMasks.StepKey(91, 3, 0);
        float Input(int row, int u) => u % 13 == 5 ? float.NaN : u % 7 == 3 ? 0f : ((u * 37) + (row * 11)) % 19 - 9.5f;
        for (var row = 0; row < 12; row += 2)
        {
            var key = HashDropoutMasks.PairKey(stepKey, row);
            float[] Expected(int r) => Enumerable.Range(0, units).Select(u => masks.Keep(3, 0, r, u) ? (Input(r, u) > 0 || float.IsNaN(Input(r, u)) ? Input(r, u) : 0f) : 0f).ToArray();
            var (even, odd) = (Expected(row), Expected(row + 1));
            var kept = Enumerable.Range(0, units).Count(u => masks.Keep(3, 0, row, u));
            Assert.InRange(kept, 1, units - 1);
            for (var u = 0; u < units; u++)
            {
                var (e, o) = (Input(row, u), Input(row + 1, u));
                var vectors = ScalarOps.DropoutVectors(threshold, 1f);
                ScalarOps.ReluMask(ScalarOps.UnitHash(ScalarOps.Key(key), ref steps[u], vectors), vectors, ref e, ref o);
                Assert.Equal((even[u], odd[u]), (e, o));
            }

            for (var u = 0; u < units; u += 16)
            {
                var e512 = Vector512.Create(Enumerable.Range(u, 16).Select(k => Input(row, k)).ToArray());
                var o512 = Vector512.Create(Enumerable.Range(u, 16).Select(k => Input(row + 1, k)).ToArray());
                var vectors512 = Vector512Ops.DropoutVectors(threshold, 1f);
                Vector512Ops.ReluMask(Vector512Ops.UnitHash(Vector512Ops.Key(key), ref steps[u], vectors512), vectors512, ref e512, ref o512);
                Assert.Equal(even.AsSpan(u, 16).ToArray(), Enumerable.Range(0, 16).Select(i => e512.GetElement(i)).ToArray());
                Assert.Equal(odd.AsSpan(u, 16).ToArray(), Enumerable.Range(0, 16).Select(i => o512.GetElement(i)).ToArray());
                var e256 = Vector256.Create(Enumerable.Range(u, 8).Select(k => Input(row, k)).ToArray());
                var o256 = Vector256.Create(Enumerable.Range(u, 8).Select(k => Input(row + 1, k)).ToArray());
                var vectors256 = Vector256Ops.DropoutVectors(threshold, 1f);
                Vector256Ops.ReluMask(Vector256Ops.UnitHash(Vector256Ops.Key(key), ref steps[u], vectors256), vectors256, ref e256, ref o256);
                Assert.Equal(even.AsSpan(u, 8).ToArray(), Enumerable.Range(0, 8).Select(i => e256.GetElement(i)).ToArray());
                Assert.Equal(odd.AsSpan(u, 8).ToArray(), Enumerable.Range(0, 8).Select(i => o256.GetElement(i)).ToArray());
            }
        }
    }

    [Fact]
    public void Dropout_preserves_the_expectation_of_its_input()
    {
        const double rate = 0.3;
        const int rows = 400, units = 256;
        var dropout = new Dropout(rate, 0, units, rows);
        var input = Enumerable.Repeat(2.5, rows * units).ToArray();
        var output = new double[rows * units];
        dropout.Forward(input, rows, output, training: true, new HashDropoutMasks(3, [rate]), step: 0);

        // Each output is 2.5·Bernoulli(0.7)/0.7: mean 2.5, variance 2.5²·rate/(1 − rate).
        var sigma = 2.5 * Math.Sqrt(rate / (1 - rate) / (rows * units));
        Assert.InRange(output.Average(), 2.5 - (4 * sigma), 2.5 + (4 * sigma));
    }

    [Fact]
    public void Dropout_is_identity_in_evaluation()
    {
        var rng = new Rng(4);
        var input = Enumerable.Range(0, 60).Select(_ => rng.NextGaussian()).ToArray();
        var output = new double[60];
        new Dropout(0.5, 0, 6, 10).Forward(input, 10, output, training: false, new ThrowingMasks(), step: 0);
        Assert.Equal(input, output);
    }

    [Fact]
    public void Evaluation_of_either_path_ignores_the_dropout_rate()
    {
        var data = Spiral();
        foreach (var path in new[] { TrainingPath.Fast, TrainingPath.Reference })
        {
            var withDropout = Build(path, 0.5, data.TrainRows);
            var without = Build(path, 0.0, data.TrainRows);
            var parameters = NetworkParameters.Initialize(withDropout.Spec.Widths, new Rng(9));
            withDropout.SetParameters(parameters);
            without.SetParameters(parameters);
            Assert.Equal(without.Evaluate(data.TrainX, data.TrainY), withDropout.Evaluate(data.TrainX, data.TrainY));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rate_zero_draws_no_mask_and_trains_exactly_as_the_undropped_network(bool fastPath)
    {
        var path = fastPath ? TrainingPath.Fast : TrainingPath.Reference;
        var data = Spiral();
        var all = Enumerable.Range(0, data.TrainRows).ToArray();
        var network = Build(path, 0.0, data.TrainRows, new ThrowingMasks());
        network.SetParameters(NetworkParameters.Initialize(network.Spec.Widths, new Rng(9)));
        for (var epoch = 0; epoch < 5; epoch++)
        {
            // The training pass at rate 0 is bit for bit the evaluation pass, which has no dropout at all.
            var undropped = network.Evaluate(data.TrainX, data.TrainY);
            var step = network.ComputeGradients(data.TrainX, data.TrainY, all);
            Assert.Equal(undropped.Loss, step.DataLoss);
            Assert.Equal(undropped.Accuracy, step.Accuracy);
            network.Update();
        }
    }

    [Fact]
    public void Training_at_rate_zero_does_not_depend_on_the_mask_source()
    {
        var data = Spiral();
        var options = new TrainingOptions { Hidden = [32], DropoutRate = 0, Epochs = 20, EvaluateEvery = 10 };
        var plain = Trainer.Train(data, options, 5, TestContext.Current.CancellationToken);
        var throwing = Trainer.Train(data, options, 5, TestContext.Current.CancellationToken, null, 0, new TrainerHooks { Masks = new ThrowingMasks() });
        Assert.Equal(plain with { WallSeconds = 0, EpochsPerSecond = 0 }, throwing with { WallSeconds = 0, EpochsPerSecond = 0 });
    }

    internal static Dataset Spiral() =>
        DatasetLoader.Load(new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 60, Classes = 3, ValidationSamples = 20, Seed = 0 });

    private static ITrainableNetwork Build(TrainingPath path, double rate, int rows, IDropoutMasks? masks = null)
    {
        var spec = NetworkSpec.FromOptions(new TrainingOptions { Hidden = [40], DropoutRate = rate }, 2, 3);
        var optimizer = new OptimizerSettings(OptimizerKind.Adam, 0.05, 0, 0);
        masks ??= new HashDropoutMasks(11, spec.DropoutRates);
        return path == TrainingPath.Fast ? FastNetwork.Create(spec, optimizer, masks, rows) : new ReferenceNetwork(spec, optimizer, masks, rows);
    }

    /// <summary>A mask source that must never be asked: proves that rate 0 and evaluation draw no masks.</summary>
    private sealed class ThrowingMasks : IDropoutMasks
    {
        public bool Keep(long step, int hiddenLayer, int row, int unit) => throw new InvalidOperationException("No mask may be drawn here.");
    }
}
