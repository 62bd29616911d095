using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The production path: float32, SIMD, allocation-free. Picks the vector width once (the one place that dispatches on
/// it: every kernel below is generic over <see cref="IVectorOps{TV}"/>) and the path that fits the network: the fused
/// small-network path (<see cref="FusedNetwork{TOps, TV}"/>) or the general mini-batch path
/// (<see cref="BatchNetwork{TOps, TV}"/>).
/// </summary>
internal static class FastNetwork
{
    /// <summary>Vectorised dimensions are padded to a multiple of this (16 floats: one AVX-512 vector).</summary>
    public const int Padding = 16;

    /// <summary>
    /// Probabilities below this are 0. A confident network's other classes get exp(z − max) far below float's smallest
    /// normal (1.2e-38); their subnormal p, and the logit gradients p/m made from it, would cost an x86 microcode assist
    /// in every FMA of the backward sweep that uses them (measured: the seed configuration's epoch grew from 0.87 to
    /// 1.23 ms late in training). The loss clips p at 1e-7 anyway; a gradient of 1e-30/m is 0 for every purpose.
    /// </summary>
    public const float TinyProbability = 1e-30f;

    /// <summary>The per-row loss bounds that clipping p to [1e−7, 1 − 1e−7] gives: −ln(1 − 1e−7) and −ln(1e−7).</summary>
    public static readonly double MinLoss = -Math.Log(1 - Reference.SoftmaxCrossEntropy.Clip);

    /// <inheritdoc cref="MinLoss"/>
    public static readonly double MaxLoss = -Math.Log(Reference.SoftmaxCrossEntropy.Clip);

    /// <summary>The widest vectors this CPU accelerates.</summary>
    public static SimdWidth Widest =>
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512 : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256 : SimdWidth.Scalar;

    /// <summary>A network for <paramref name="spec"/> at <paramref name="simd"/> (a narrower width than the widest: tests of the fallbacks).</summary>
    public static IFastNetwork Create(NetworkSpec spec, OptimizerSettings optimizer, IDropoutMasks masks, int maxRows, SimdWidth simd = SimdWidth.Widest) =>
        (simd == SimdWidth.Widest ? Widest : simd) switch
        {
            SimdWidth.Vector512 => Create<Vector512Ops, Vector512<float>>(spec, optimizer, masks, maxRows),
            SimdWidth.Vector256 => Create<Vector256Ops, Vector256<float>>(spec, optimizer, masks, maxRows),
            _ => Create<ScalarOps, float>(spec, optimizer, masks, maxRows),
        };

    internal static SimdWidth WidthOf<TOps, TV>()
        where TOps : struct, IVectorOps<TV>
        where TV : struct =>
        TOps.Count switch
        {
            16 => SimdWidth.Vector512,
            8 => SimdWidth.Vector256,
            _ => SimdWidth.Scalar,
        };

    internal static int Pad(int width) => (width + Padding - 1) / Padding * Padding;

    internal static void CheckBatch(int rows, int maxRows)
    {
        if (rows > maxRows || rows == 0)
        {
            throw new ArgumentException($"Batch of {rows} rows: must be 1 to {maxRows}.", nameof(rows));
        }
    }

    internal static void CheckData(float[] x, int[] y, int features)
    {
        if (x.Length != y.Length * features)
        {
            throw new ArgumentException($"{x.Length} feature values for {y.Length} labels: expected {features} features per row.", nameof(x));
        }
    }

    private static IFastNetwork Create<TOps, TV>(NetworkSpec spec, OptimizerSettings optimizer, IDropoutMasks masks, int maxRows)
        where TOps : struct, IVectorOps<TV>
        where TV : struct =>
        FusedNetwork<TOps, TV>.Fits(spec)
            ? new FusedNetwork<TOps, TV>(spec, optimizer, masks, maxRows)
            : new BatchNetwork<TOps, TV>(spec, optimizer, masks, maxRows);
}
