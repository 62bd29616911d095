using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The few SIMD operations the fast kernels use, over a vector type <typeparamref name="TV"/> of float lanes, so
/// one generic kernel serves AVX-512 (<see cref="Vector512Ops"/>), AVX2 (<see cref="Vector256Ops"/>) and plain
/// scalar code (<see cref="ScalarOps"/>). Implementations are structs: the JIT specialises and inlines every call.
/// </summary>
internal interface IVectorOps<TV>
    where TV : struct
{
    static abstract int Count { get; }

    static abstract TV Zero { get; }

    static abstract TV Create(float value);

    static abstract TV Load(ref float source, int offset);

    static abstract void Store(TV value, ref float destination, int offset);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    /// <summary>a·b + c (fused where the hardware has FMA).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    /// <summary>max(0, z), letting NaN through (so a diverging network shows in the loss).</summary>
    static abstract TV Relu(TV z);

    static abstract TV Abs(TV a);

    static abstract TV Sqrt(TV a);

    /// <summary>Lane-wise eᵃ, 0 below −87 (<see cref="ExpSteps"/>).</summary>
    static abstract TV Exp(TV a);

    /// <summary>Lane-wise maximum (IEEE: NaN wins).</summary>
    static abstract TV Max(TV a, TV b);

    /// <summary>The largest lane.</summary>
    static abstract float MaxAcross(TV a);

    static abstract float Sum(TV a);

    /// <summary>(Σa, Σb, Σc, Σd): four horizontal sums at once, far cheaper than four <see cref="Sum"/>s.</summary>
    static abstract Vector128<float> Sum4(TV a, TV b, TV c, TV d);

    /// <summary>Lane-wise a == b, as a mask (all bits set where true; <see cref="Select"/> takes it).</summary>
    static abstract TV EqualTo(TV a, TV b);

    /// <summary>Lane-wise a &gt; b, as a mask.</summary>
    static abstract TV GreaterThan(TV a, TV b);

    /// <summary>Lane-wise <c>mask ? a : b</c> for a mask from <see cref="EqualTo"/> or <see cref="GreaterThan"/>.</summary>
    static abstract TV Select(TV mask, TV a, TV b);

    /// <summary>Lane-wise <c>test &gt; 0 ? value : 0</c>.</summary>
    static abstract TV WherePositive(TV test, TV value);

    /// <summary>Lane-wise <c>a ≥ 0 ? value : −value</c> (the book's sign, +1 at zero).</summary>
    static abstract TV SignOf(TV a, TV value);

    /// <summary>sum[offset …] += partial[offset …] in double, then partial[offset …] = 0 (Count lanes).</summary>
    static abstract void FlushInto(ref float partial, ref double sum, int offset);

    /// <summary>sum[offset …] += value in double (Count lanes).</summary>
    static abstract void AddInto(TV value, ref double sum, int offset);

    /// <summary>The dropout hash's loop-invariant vectors for a drop threshold (<see cref="HashDropoutMasks.DropThreshold"/>) and scale.</summary>
    static abstract DropoutVectors<TV> DropoutVectors(uint dropThreshold, float scale);

    /// <summary>A 32-bit key in every lane (bit for bit in the float lanes).</summary>
    static abstract TV Key(uint key);

    /// <summary>
    /// Dropout of units unit … unit+Count−1 of a pair of rows (see <see cref="HashDropoutMasks"/>): each lane of
    /// <paramref name="evenRow"/> and <paramref name="oddRow"/> is multiplied by the scale where one hash of the pair's
    /// key (<see cref="Key"/>) keeps it, else zeroed (with AVX-512 the comparison's mask register zeroes the product
    /// directly); <paramref name="unitSteps"/>[u] caches u·φ.
    /// </summary>
    static abstract void Drop(TV pairKey, ref uint unitSteps, int unit, in DropoutVectors<TV> vectors, ref TV evenRow, ref TV oddRow);

    /// <summary>
    /// The hash behind <see cref="Drop"/>'s masks for units unit … unit+Count−1 (<paramref name="unitSteps"/> at unit), all
    /// but its last step: what <see cref="ReluMask"/> takes. A separate step so that a kernel can hash the next units
    /// while it uses these (the hash is a long chain of dependent operations).
    /// </summary>
    static abstract TV UnitHash(TV pairKey, ref uint unitSteps, in DropoutVectors<TV> vectors);

    /// <summary>ReLU, then the masks of a <see cref="UnitHash"/>, the same as <see cref="Drop"/>'s: the dropped lanes zeroed, the kept ones relu'd but not scaled.</summary>
    static abstract void ReluMask(TV hash, in DropoutVectors<TV> vectors, ref TV evenRow, ref TV oddRow);
}
