using System.Runtime.CompilerServices;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Core.Nn;

/// <summary>
/// Counter-based dropout masks: a unit is dropped when a 32-bit hash of (mask seed, step, layer, row, unit) falls
/// below rate·2³². Stateless, so the fast path can compute 16 units at once with integer SIMD and both paths get the
/// same masks in any order; the mask seed is drawn once from the trial's RNG.
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

    public bool Keep(long step, int hiddenLayer, int row, int unit) =>
        UnitBits(RowKey(_maskSeed, step, hiddenLayer, row), unit) >= _thresholds[hiddenLayer];

    /// <summary>The drop threshold: P(bits &lt; threshold) = rate for uniform 32-bit bits.</summary>
    public static uint DropThreshold(double rate) => (uint)Math.Min(Math.Round(rate * 4294967296.0), uint.MaxValue);

    /// <summary>One well-mixed 32-bit key per (seed, step, layer, row); the units of the row are hashed from it.</summary>
    public static uint RowKey(ulong maskSeed, long step, int hiddenLayer, int row) => RowKey(StepKey(maskSeed, step, hiddenLayer), row);

    /// <summary>The part of <see cref="RowKey(ulong, long, int, int)"/> shared by all rows of a step and layer.</summary>
    public static ulong StepKey(ulong maskSeed, long step, int hiddenLayer) => Rng.Mix(maskSeed, ((ulong)step << 8) | (uint)hiddenLayer);

    public static uint RowKey(ulong stepKey, int row) => (uint)Rng.Mix(stepKey, (ulong)row);

    /// <summary>Chris Wellons' lowbias32 of rowKey + unit·φ: the same integer steps the SIMD version takes per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint UnitBits(uint rowKey, int unit)
    {
        var x = rowKey + ((uint)unit * GoldenGamma);
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
