using System.Numerics;
using System.Runtime.CompilerServices;

namespace DropoutSweep.Core.Randomness;

/// <summary>
/// The per-trial (or per-data-set) random number generator: xoshiro256** seeded through SplitMix64.
/// Deterministic across machines and .NET versions (unlike <see cref="System.Random"/>'s unspecified algorithms),
/// cheap to create, and never shared: every trial owns one.
/// </summary>
public sealed class Rng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double? _spareGaussian;

    public Rng(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>
    /// Where the generator stands: its four state words and the Gaussian it holds back, if any. A generator
    /// <see cref="Restore"/>d from it draws exactly what this one draws next (checkpoints of a paused trial).
    /// </summary>
    public RngState State => new(_s0, _s1, _s2, _s3, _spareGaussian);

    /// <summary>Puts the generator where <paramref name="state"/> says (see <see cref="State"/>).</summary>
    public void Restore(RngState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
        {
            throw new ArgumentException("An all-zero state is not a state xoshiro256** can reach.", nameof(state));
        }

        (_s0, _s1, _s2, _s3, _spareGaussian) = (state.S0, state.S1, state.S2, state.S3, state.SpareGaussian);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        var range = (ulong)maxExclusive;
        var product = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0UL - range) % range;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)product;
    }

    /// <summary>Standard normal N(0, 1) by the Marsaglia polar method (the second value of each pair is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }

        double x1, x2, s;
        do
        {
            x1 = (2.0 * NextDouble()) - 1.0;
            x2 = (2.0 * NextDouble()) - 1.0;
            s = (x1 * x1) + (x2 * x2);
        }
        while (s >= 1.0 || s == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = f * x1;
        return f * x2;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// A well-mixed 64-bit hash of a few integers (SplitMix64 finaliser chained over the inputs). Used to derive
    /// independent seeds (sweep seed, configuration, repeat → trial seed) and for counter-based random streams.
    /// </summary>
    // Inlined: the fused training path derives two dropout keys per four rows from it (HashDropoutMasks.PairKey).
    // Left to the JIT, the fully optimised pass kept a call to Mix, which ran Mix's unoptimised tier-0 code for the
    // first seconds of a sweep (the runtime delays tier-up while the host keeps compiling new methods; seen with
    // DOTNET_JitDisasmSummary=1).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong a, ulong b)
    {
        var z = a ^ (b * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;
        return Finalize(z + 0x9E3779B97F4A7C15UL);
    }

    /// <summary>Hash of three integers; see <see cref="Mix(ulong, ulong)"/>.</summary>
    public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(a, b), c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Finalize(state);
    }
}
