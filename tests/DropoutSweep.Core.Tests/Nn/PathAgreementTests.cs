using System.Runtime.Intrinsics;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Fast;
using DropoutSweep.Core.Nn.Reference;
using DropoutSweep.Core.Randomness;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>
/// The fast float32 path computes what the clear double reference path computes: one step from the same parameters
/// and masks to 1e-5 relative in loss and gradients, and 100 free-running epochs at learning rate 0.005 to 1e-4.
/// Covers the fused small-network kernels and the general mini-batch kernels (GEMM panels of one to four vectors,
/// column-major narrow layers, several hidden layers, row chunks of a batch), at every SIMD width: the widest this CPU
/// runs (AVX-512 here) in every test, and each narrower one explicitly.
/// </summary>
public sealed class PathAgreementTests(ITestOutputHelper output)
{
    // Name, widths, dropout rates, batch size (0 = full batch), scale of the initial weights relative to the book's 0.01.
    // Behind a second hidden layer the book's tiny weights give gradients so close to 0 that Adam turns float32
    // rounding into full-size steps of either sign (as numpy float32 vs float64 does in the golden two-layer case),
    // so the deeper networks start from larger weights to compare the computations rather than that amplification.
    private static readonly (string Name, int[] Widths, double[] Rates, int Batch, double InitialScale)[] Cases =
    [
        ("seed shape (fused kernels)", [2, 512, 3], [0.1], 0, 1),
        ("small, four classes (fused kernels)", [2, 16, 4], [0.2], 0, 1),
        ("seven inputs, batches of a chunk and a part (fused kernels, inputs counted at run time)", [7, 40, 4], [0.2], 45, 1),
        ("two hidden layers (mini-batch kernels)", [2, 32, 16, 3], [0.1, 0.3], 0, 20),
        ("wide input, mini-batch (mini-batch kernels)", [40, 24, 5], [0.25], 37, 1),
        ("narrowing hidden layers (mini-batch kernels)", [3, 8, 20, 4], [0.0, 0.5], 0, 20),
        ("wide hidden layers, panels of 4+1 and 3 vectors, two row chunks (GEMM kernels)", [30, 80, 48, 7], [0.2, 0.1], 37, 20),
    ];

    public static TheoryData<string, int[], double[], int, double> Networks
    {
        get
        {
            var data = new TheoryData<string, int[], double[], int, double>();
            foreach (var (name, widths, rates, batch, scale) in Cases)
            {
                data.Add(name, widths, rates, batch, scale);
            }

            return data;
        }
    }

    // The width by name: SimdWidth is internal, a test method's parameters are public.
    public static TheoryData<string, int[], double[], int, string> NetworksAtEveryWidth
    {
        get
        {
            var data = new TheoryData<string, int[], double[], int, string>();
            foreach (var (name, widths, rates, batch, _) in Cases)
            {
                foreach (var width in new[] { SimdWidth.Vector512, SimdWidth.Vector256, SimdWidth.Scalar })
                {
                    data.Add(name, widths, rates, batch, width.ToString());
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void One_step_from_the_same_parameters_and_masks_gives_the_same_loss_and_gradients(string name, int[] widths, double[] rates, int batch, double initialScale)
    {
        _ = initialScale;
        var data = Synthetic(widths[0], widths[^1], 150);
        var spec = Spec(widths, rates);
        var optimizer = new OptimizerSettings(OptimizerKind.Adam, 0.05, 0, 0);
        var masks = new HashDropoutMasks(21, rates);
        var rows = Enumerable.Range(0, data.TrainRows).Reverse().Take(batch == 0 ? data.TrainRows : batch).ToArray();
        var reference = new ReferenceNetwork(spec, optimizer, masks, rows.Length);
        var fast = FastNetwork.Create(spec, optimizer, masks, rows.Length);
        Assert.Equal(FastNetwork.Widest, fast.Simd);
        var parameters = NetworkParameters.Initialize(widths, new Rng(8));
        foreach (var biases in parameters.Biases)
        {
            for (var k = 0; k < biases.Length; k++)
            {
                biases[k] = 0.01 * (k % 7 - 3);
            }
        }

        reference.SetParameters(parameters);
        fast.SetParameters(parameters);

        var expected = reference.ComputeGradients(data.TrainX, data.TrainY, rows);
        var actual = fast.ComputeGradients(data.TrainX, data.TrainY, rows);
        var expectedGradients = reference.GetGradients();
        var actualGradients = fast.GetGradients();

        output.WriteLine($"{name} ({fast.Simd}, {fast.GetType().Name}): loss {Relative(actual.Loss, expected.Loss):E2}");
        Assert.True(Relative(actual.DataLoss, expected.DataLoss) <= 1e-5, $"data loss {actual.DataLoss} vs {expected.DataLoss}");
        Assert.True(Relative(actual.RegularizationLoss, expected.RegularizationLoss) <= 1e-5, $"regularisation loss {actual.RegularizationLoss} vs {expected.RegularizationLoss}");
        Assert.Equal(expected.Correct, actual.Correct);
        for (var l = 0; l < spec.DenseLayers; l++)
        {
            var w = TensorRelative(actualGradients.Weights[l], expectedGradients.Weights[l]);
            var b = TensorRelative(actualGradients.Biases[l], expectedGradients.Biases[l]);
            output.WriteLine($"  layer {l}: dW {w:E2}, db {b:E2}");
            Assert.True(w <= 1e-5, $"layer {l} weight gradients differ by {w:E2} of their largest");
            Assert.True(b <= 1e-5, $"layer {l} bias gradients differ by {b:E2} of their largest");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_hundred_free_running_epochs_at_learning_rate_0_005_stay_within_1e_4(string name, int[] widths, double[] rates, int batch, double initialScale)
    {
        var data = Synthetic(widths[0], widths[^1], 150);
        var options = new TrainingOptions
        {
            Hidden = widths[1..^1],
            Epochs = 100,
            LearningRate = 0.005,
            Decay = 1e-3,
            DropoutRate = rates[0],
            L1 = 1e-4,
            L2 = 5e-4,
            OutputL2 = 5e-4,
            BatchSize = batch,
            EvaluateEvery = 50,
        };

        var initial = NetworkParameters.Initialize(widths, new Rng(8));
        foreach (var weights in initial.Weights)
        {
            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] *= initialScale;
            }
        }

        var expected = Trace(data, options, rates, initial, TrainingPath.Reference, out var expectedResult);
        var actual = Trace(data, options, rates, initial, TrainingPath.Fast, out var actualResult);

        var worst = expected.Zip(actual, (e, a) => Relative(a.Loss, e.Loss)).Max();
        output.WriteLine($"{name}: max relative difference of the epoch loss {worst:E2}; validation loss {Relative(actualResult.ValidationLoss, expectedResult.ValidationLoss):E2}");
        Assert.True(worst <= 1e-4, $"epoch losses differ by up to {worst:E2}");
        Assert.True(Relative(actualResult.ValidationLoss, expectedResult.ValidationLoss) <= 1e-4);
        Assert.Equal(expectedResult.ValidationAccuracy, actualResult.ValidationAccuracy, 2.0 / data.ValidationRows);
    }

    [Theory]
    [MemberData(nameof(NetworksAtEveryWidth))]
    public void Every_SIMD_width_computes_what_the_reference_computes(string name, int[] widths, double[] rates, int batch, string simd)
    {
        var width = Enum.Parse<SimdWidth>(simd);
        SkipUnlessAccelerated(width);
        var data = Synthetic(widths[0], widths[^1], 60);
        var spec = Spec(widths, rates);
        var optimizer = new OptimizerSettings(OptimizerKind.Adam, 0.05, 0, 0);
        var masks = new HashDropoutMasks(5, rates);
        var rows = Enumerable.Range(0, batch == 0 ? data.TrainRows : batch).ToArray();
        var parameters = NetworkParameters.Initialize(widths, new Rng(3));
        var reference = new ReferenceNetwork(spec, optimizer, masks, rows.Length);
        reference.SetParameters(parameters);
        var expected = reference.ComputeGradients(data.TrainX, data.TrainY, rows);
        var expectedGradients = reference.GetGradients();
        var fast = FastNetwork.Create(spec, optimizer, masks, rows.Length, width);
        Assert.Equal(width, fast.Simd);
        fast.SetParameters(parameters);
        var actual = fast.ComputeGradients(data.TrainX, data.TrainY, rows);
        var gradients = fast.GetGradients();
        Assert.True(Relative(actual.Loss, expected.Loss) <= 1e-5, $"{name}, {width}: loss {actual.Loss} vs {expected.Loss}");
        Assert.Equal(expected.Correct, actual.Correct);
        for (var l = 0; l < spec.DenseLayers; l++)
        {
            Assert.True(TensorRelative(gradients.Weights[l], expectedGradients.Weights[l]) <= 1e-5, $"{name}, {width}: layer {l} weight gradients");
            Assert.True(TensorRelative(gradients.Biases[l], expectedGradients.Biases[l]) <= 1e-5, $"{name}, {width}: layer {l} bias gradients");
        }

        var evaluation = fast.Evaluate(data.ValidationX, data.ValidationY);
        var referenceEvaluation = reference.Evaluate(data.ValidationX, data.ValidationY);
        Assert.True(Relative(evaluation.Loss, referenceEvaluation.Loss) <= 1e-5, $"{name}, {width}: evaluation");
        Assert.Equal(referenceEvaluation.Accuracy, evaluation.Accuracy);
    }

    [Fact]
    public void On_a_CPU_with_AVX512_both_fast_paths_run_the_Vector512_kernels()
    {
        SkipUnlessAccelerated(SimdWidth.Vector512);
        var optimizer = new OptimizerSettings(OptimizerKind.Adam, 0.01, 0, 0);
        var fused = FastNetwork.Create(Spec([2, 512, 3], [0.1]), optimizer, new HashDropoutMasks(1, [0.1]), 64);
        var batch = FastNetwork.Create(Spec([784, 256, 10], [0.2]), optimizer, new HashDropoutMasks(1, [0.2]), 64);
        Assert.Equal((SimdWidth.Vector512, SimdWidth.Vector512), (fused.Simd, batch.Simd));
        Assert.StartsWith("FusedNetwork", fused.GetType().Name, StringComparison.Ordinal);
        Assert.StartsWith("BatchNetwork", batch.GetType().Name, StringComparison.Ordinal);
    }

    /// <summary>A width this CPU does not accelerate would run in software emulation, which proves nothing about its kernels: say so and skip.</summary>
    internal static void SkipUnlessAccelerated(SimdWidth width)
    {
        var accelerated = width switch
        {
            SimdWidth.Vector512 => Vector512.IsHardwareAccelerated,
            SimdWidth.Vector256 => Vector256.IsHardwareAccelerated,
            _ => true,
        };
        Assert.SkipUnless(accelerated, $"This CPU does not accelerate {width} (no {(width == SimdWidth.Vector512 ? "AVX-512" : "AVX2")}): its kernels are not exercised here.");
    }

    [Theory]
    [InlineData(new[] { 2, 64, 3 }, 0)]
    [InlineData(new[] { 20, 16, 8, 5 }, 32)]
    [InlineData(new[] { 64, 96, 10 }, 40)]
    public void Fast_path_epochs_allocate_nothing(int[] widths, int batch)
    {
        var data = Synthetic(widths[0], widths[^1], 200);
        var spec = Spec(widths, Enumerable.Repeat(0.2, widths.Length - 2).ToArray());
        var size = batch == 0 ? data.TrainRows : batch;
        var fast = FastNetwork.Create(spec, new OptimizerSettings(OptimizerKind.Adam, 0.01, 1e-3, 0), new HashDropoutMasks(1, spec.DropoutRates), size);
        fast.SetParameters(NetworkParameters.Initialize(widths, new Rng(2)));
        var order = Enumerable.Range(0, data.TrainRows).ToArray();
        void Epoch()
        {
            for (var start = 0; start < order.Length; start += size)
            {
                fast.ComputeGradients(data.TrainX, data.TrainY, order.AsSpan(start, Math.Min(size, order.Length - start)));
                fast.Update();
            }

            fast.Evaluate(data.ValidationX, data.ValidationY);
        }

        Epoch();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var epoch = 0; epoch < 20; epoch++)
        {
            Epoch();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static StepMetrics[] Trace(Dataset data, TrainingOptions options, double[] rates, NetworkParameters initial, TrainingPath path, out TrainingResult result)
    {
        var trace = new StepMetrics[options.Epochs];
        var hooks = new TrainerHooks { Path = path, DropoutRates = rates, InitialParameters = initial, OnEpoch = (epoch, metrics) => trace[epoch - 1] = metrics };
        result = Trainer.Train(data, options, seed: 17, TestContext.Current.CancellationToken, null, 0, hooks);
        return trace;
    }

    /// <summary>Classes as bands of a fixed random projection, with unequal class sizes (so no gradient starts at ~0).</summary>
    internal static Dataset Synthetic(int features, int classes, int rows)
    {
        var rng = new Rng((ulong)(features * 1000 + classes));
        var direction = Enumerable.Range(0, features).Select(_ => rng.NextGaussian()).ToArray();
        float[] X(int n) => Enumerable.Range(0, n * features).Select(_ => (float)rng.NextGaussian()).ToArray();
        int[] Y(float[] x) => Enumerable.Range(0, x.Length / features).Select(r =>
        {
            var projection = Enumerable.Range(0, features).Sum(i => x[(r * features) + i] * direction[i]) / Math.Sqrt(features);
            return Math.Clamp((int)Math.Floor((projection + 1.2) * classes / 2.2), 0, classes - 1);
        }).ToArray();
        var trainX = X(rows);
        var validationX = X(rows / 2);
        return new Dataset("synthetic", features, classes, trainX, Y(trainX), validationX, Y(validationX), "synthetic");
    }

    private static NetworkSpec Spec(int[] widths, double[] rates)
    {
        var regularization = new LayerRegularization(1e-4, 5e-4, 1e-4, 5e-4);
        return new NetworkSpec(widths, Enumerable.Repeat(regularization, widths.Length - 1).ToArray(), rates);
    }

    private static double Relative(double actual, double expected) => Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);

    private static double TensorRelative(double[] actual, double[] expected) =>
        actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max() / Math.Max(expected.Max(Math.Abs), 1e-30);
}
