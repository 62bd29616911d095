using System.Globalization;
using System.Runtime.Intrinsics;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Fast;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// <c>kernels [repeats]</c>: the FMA peak of this core first, then each kernel and whole training steps as GFLOP/s and as
/// a fraction of that peak, all on this thread's CPU time (<see cref="ThreadClock"/>), best of several rounds.
/// FLOP counts are the multiply-adds the maths needs (2 per multiply-add), not the padding the kernels also compute.
/// </summary>
internal static class KernelBenchmark
{
    public static void Run(int repeats)
    {
        var peak = FmaPeak.Measure(wide: Vector512.IsHardwareAccelerated);
        Console.WriteLine($"FMA peak ({(Vector512.IsHardwareAccelerated ? "Vector512" : "Vector256")}, thread CPU time): {peak:F1} GFLOP/s");
        foreach (var batch in new[] { 64, 128, 256 })
        {
            Gemm(batch, 784, 256, repeats, peak);
        }

        foreach (var batch in new[] { 64, 128, 256 })
        {
            TrainingStep([784, 256, 10], batch, repeats, peak);
        }

        SeedEpoch(repeats, peak);
    }

    private static void Report(string name, double flop, double seconds, double peak) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-44} {seconds * 1e3,9:F3} ms  {flop / seconds / 1e9,7:F1} GFLOP/s  {flop / seconds / 1e9 / peak,6:P1} of peak"));

    private static double Best(int repeats, int inner, Action action)
    {
        // Warm up for a second: until then some callers still run tier-0 code (the JIT promotes a method after 30 calls
        // and a quiet 100 ms), which is not what a long run sees.
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 1)
        {
            action();
        }

        var best = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            var start = ThreadClock.Seconds();
            for (var i = 0; i < inner; i++)
            {
                action();
            }

            best = Math.Min(best, (ThreadClock.Seconds() - start) / inner);
        }

        return best;
    }

    // The two large products of a 784→256 layer on one chunk of rows, at the widest SIMD width.
    private static void Gemm(int rows, int inputs, int outputs, int repeats, double peak)
    {
        var rng = new Rng(3);
        float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)rng.NextGaussian()).ToArray();
        var x = Random(rows * inputs);
        var w = Random(inputs * outputs);
        var b = Random(outputs);
        var z = new float[rows * outputs];
        var dw = new float[inputs * outputs];
        var unitSteps = Enumerable.Range(0, outputs).Select(u => (uint)u * HashDropoutMasks.GoldenGamma).ToArray();
        var flop = 2.0 * rows * inputs * outputs;
        var forward = Best(repeats, 20, () =>
        {
            for (var start = 0; start < outputs; start += 64)
            {
                var epilogue = new TileEpilogue(Activation.ReluDropout, 12345, 0, HashDropoutMasks.DropThreshold(0.2), 1.25f, ref unitSteps[start]);
                GemmKernels.ForwardPanel<Vector512Ops, Vector512<float>, Four>(ref x[0], inputs, rows, inputs, ref w[start * inputs], ref b[start], ref z[start], outputs, epilogue);
            }
        });
        Report($"forward {rows}×{inputs}·{inputs}×{outputs} + ReLU, dropout", flop, forward, peak);
        var packed = new float[rows * 64];
        var weights = Best(repeats, 20, () =>
        {
            for (var start = 0; start < outputs; start += 64)
            {
                GemmKernels.PackColumns<Vector512Ops, Vector512<float>>(ref z[start], outputs, rows, 64, ref packed[0]);
                GemmKernels.WeightsPanel<Vector512Ops, Vector512<float>, Four>(ref x[0], inputs, rows, inputs, ref packed[0], 64, ref dw[start * inputs]);
            }
        });
        Report($"weight gradient {inputs}×{rows}·{rows}×{outputs}", flop, weights, peak);
    }

    // ComputeGradients + Update of one mini-batch through the production path.
    private static void TrainingStep(int[] widths, int batch, int repeats, double peak)
    {
        var rows = batch * 8;
        var rng = new Rng(5);
        var x = Enumerable.Range(0, rows * widths[0]).Select(_ => (float)rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => rng.NextInt(widths[^1])).ToArray();
        var spec = new NetworkSpec(widths, Enumerable.Repeat(new LayerRegularization(0, 1e-4, 0, 1e-4), widths.Length - 1).ToArray(), Enumerable.Repeat(0.2, widths.Length - 2).ToArray());
        var network = FastNetwork.Create(spec, new OptimizerSettings(OptimizerKind.Adam, 1e-3, 0, 0), new HashDropoutMasks(9, spec.DropoutRates), batch);
        network.SetParameters(NetworkParameters.Initialize(widths, rng));
        var order = Enumerable.Range(0, rows).ToArray();
        var seconds = Best(repeats, 1, () =>
        {
            for (var start = 0; start < rows; start += batch)
            {
                network.ComputeGradients(x, y, order.AsSpan(start, batch));
                network.Update();
            }
        }) / 8;
        Report($"training step {string.Join("→", widths)}, batch {batch}", batch * TrainingFlopPerRow(widths), seconds, peak);
        var evaluation = Best(repeats, 1, () => network.Evaluate(x, y)) / 8;
        Report($"evaluation {string.Join("→", widths)}, {batch} rows", batch * EvaluationFlopPerRow(widths), evaluation, peak);
    }

    // One full-batch epoch of the seed configuration (3000 rows, 2→512→3, dropout 0.1).
    private static void SeedEpoch(int repeats, double peak)
    {
        var workload = new EpochWorkload(EpochWorkload.Seed, TrainingPath.Fast);
        var seconds = Best(repeats, 50, () => workload.RunEpoch());
        Report("seed epoch 3000 rows 2→512→3 (needed FLOP)", 3000 * TrainingFlopPerRow([2, 512, 3]), seconds, peak);
        Report("seed epoch (issue 13's 49.3 MFLOP)", 49.3e6, seconds, peak);
    }

    /// <summary>Forward, weight gradients, and input gradients of every layer but the first: 2 FLOP per multiply-add.</summary>
    public static double TrainingFlopPerRow(int[] widths)
    {
        var flop = 0.0;
        for (var l = 0; l < widths.Length - 1; l++)
        {
            var products = (double)widths[l] * widths[l + 1];
            flop += 2 * products * (l == 0 ? 2 : 3);
        }

        return flop;
    }

    public static double EvaluationFlopPerRow(int[] widths) =>
        Enumerable.Range(0, widths.Length - 1).Sum(l => 2.0 * widths[l] * widths[l + 1]);
}
