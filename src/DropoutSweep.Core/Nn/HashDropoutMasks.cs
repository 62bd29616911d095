using System.Runtime.CompilerServices;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Core.Nn;

/// <summary>
/// Counter-based dropout masks. Rows come in pairs (0–1, 2–3, …): a 32-bit hash of (mask seed, step, layer, row pair,
/// unit) gives the even row 16 random bits (its low half) and the odd row the other 16 (its high half); a unit is
/// dropped when its 16 bits fall below round(rate·2¹⁶), so the rate is realised to within 2⁻¹⁷. Stateless, so the
/// fast path computes 16 units of two rows with one integer-SIMD hash, and both paths get the same masks in any order;
/// the mask seed is drawn once from the trial's RNG.
/// </summary>
internal sealed class HashDropoutMasks : IDropoutMasks
{
    private readonly ulong _maskSeed;
    private readonly uint[] _thresholds;

    public HashDropoutMasks(ulong maskSeed, IReadOnlyList<double> dropoutRates)
    {
        _maskSeed = maskSeed;
        _thresholds = dropoutRates.Select(DropThreshold).ToArray();
    }

    public ulong MaskSeed => _maskSeed;

    public bool Keep(long step, int hiddenLayer, int row, int unit)
    {
        var bits = UnitBits(PairKey(StepKey(_maskSeed, step, hiddenLayer), row), unit);
        var half = (row & 1) == 0 ? bits & 0xFFFF : bits >> 16;
        return half >= _thresholds[hiddenLayer];
    }

    /// <summary>The 16-bit drop threshold: P(bits &lt; threshold) = rate (to within 2⁻¹⁷) for uniform 16-bit bits; never all dropped.</summary>
    public static uint DropThreshold(double rate) => (uint)Math.Min(Math.Round(rate * 65536.0), 65535.0);

    /// <summary>The part of a row's key shared by all rows of a step and layer.</summary>
    public static ulong StepKey(ulong maskSeed, long step, int hiddenLayer) => Rng.Mix(maskSeed, ((ulong)step << 8) | (uint)hiddenLayer);

    /// <summary>One well-mixed 32-bit key per (seed, step, layer, row pair); the units of the two rows are hashed from it.</summary>
    public static uint PairKey(ulong stepKey, int row) => (uint)Rng.Mix(stepKey, (ulong)(row >> 1));

    /// <summary>Chris Wellons' lowbias32 of pairKey + unit·φ: the same integer steps the SIMD version takes per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint UnitBits(uint pairKey, int unit) => Finish(pairKey + ((uint)unit * GoldenGamma));

    /// <summary>lowbias32's mixing steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Finish(uint x)
    {
        x ^= x >> 16;
        x *= Multiplier1;
        x ^= x >> 15;
        x *= Multiplier2;
        x ^= x >> 16;
        return x;
    }

    public const uint GoldenGamma = 0x9E3779B9u;
    public const uint Multiplier1 = 0x7FEB352Du;
    public const uint Multiplier2 = 0x846CA68Bu;
}
