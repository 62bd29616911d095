using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>16 float lanes (AVX-512).</summary>
internal readonly struct Vector512Ops : IVectorOps<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Create(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, int offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, int offset) => value.StoreUnsafe(ref destination, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    // vmaxps returns its second operand when either is NaN: zero first lets NaN through. One instruction, where
    // Max's IEEE semantics cost three.
    public static Vector512<float> Relu(Vector512<float> z) => Vector512.MaxNative(Vector512<float>.Zero, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> a)
    {
        var x = Vector512.Min(a, Vector512.Create(ExpSteps.Highest));
        var n = Vector512.Floor(Vector512.FusedMultiplyAdd(x, Vector512.Create(ExpSteps.Log2E), Vector512.Create(0.5f)));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-ExpSteps.Ln2High), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-ExpSteps.Ln2Low), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(ExpSteps.P0), r, Vector512.Create(ExpSteps.P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpSteps.P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpSteps.P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpSteps.P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpSteps.P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpSteps.Lowest)), Vector512<float>.Zero, p * scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector512<float> a)
    {
        var half = Vector256.Max(a.GetLower(), a.GetUpper());
        return Vector128Reductions.MaxAcross(Vector128.Max(half.GetLower(), half.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
        Vector128Reductions.Sum4(Fold(a), Fold(b), Fold(c), Fold(d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fold(Vector512<float> v) => (v.GetLower() + v.GetUpper()).GetLower() + (v.GetLower() + v.GetUpper()).GetUpper();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> a) => Vector512.Sum(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> EqualTo(Vector512<float> a, Vector512<float> b) => Vector512.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GreaterThan(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Select(Vector512<float> mask, Vector512<float> a, Vector512<float> b) => Vector512.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> WherePositive(Vector512<float> test, Vector512<float> value) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(test, Vector512<float>.Zero), value, Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SignOf(Vector512<float> a, Vector512<float> value) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, Vector512<float>.Zero), value, -value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInto(Vector512<float> value, ref double sum, int offset)
    {
        var (lower, upper) = Vector512.Widen(value);
        (Vector512.LoadUnsafe(ref sum, (nuint)offset) + lower).StoreUnsafe(ref sum, (nuint)offset);
        (Vector512.LoadUnsafe(ref sum, (nuint)(offset + Vector512<double>.Count)) + upper).StoreUnsafe(ref sum, (nuint)(offset + Vector512<double>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FlushInto(ref float partial, ref double sum, int offset)
    {
        var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref partial, (nuint)offset));
        (Vector512.LoadUnsafe(ref sum, (nuint)offset) + lower).StoreUnsafe(ref sum, (nuint)offset);
        (Vector512.LoadUnsafe(ref sum, (nuint)(offset + Vector512<double>.Count)) + upper).StoreUnsafe(ref sum, (nuint)(offset + Vector512<double>.Count));
        Vector512<float>.Zero.StoreUnsafe(ref partial, (nuint)offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DropoutVectors<Vector512<float>> DropoutVectors(uint dropThreshold, float scale) => new(
        Vector512.Create(HashDropoutMasks.Multiplier1).AsSingle(),
        Vector512.Create(HashDropoutMasks.Multiplier2).AsSingle(),
        Vector512.Create(dropThreshold << 16).AsSingle(),
        Vector512.Create(scale));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Key(uint key) => Vector512.Create(key).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Drop(Vector512<float> pairKey, ref uint unitSteps, int unit, in DropoutVectors<Vector512<float>> vectors, ref Vector512<float> evenRow, ref Vector512<float> oddRow)
    {
        // Compare and select written out here, not returned from a helper: only so does the JIT keep each comparison in
        // a mask register and zero the product with it.
        var x = Unfinished(pairKey, ref unitSteps, unit, vectors);
        var threshold = vectors.Threshold.AsUInt32();
        oddRow = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, threshold).AsSingle(), oddRow * vectors.Factor, Vector512<float>.Zero);
        evenRow = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(Vector512.ShiftLeft(x, 16) ^ x, threshold).AsSingle(), evenRow * vectors.Factor, Vector512<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> UnitHash(Vector512<float> pairKey, ref uint unitSteps, in DropoutVectors<Vector512<float>> vectors) =>
        Unfinished(pairKey, ref unitSteps, 0, vectors).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReluMask(Vector512<float> hash, in DropoutVectors<Vector512<float>> vectors, ref Vector512<float> evenRow, ref Vector512<float> oddRow)
    {
        // One masked vmaxps per row: the ReLU under the keep mask, zeroing the dropped lanes.
        var x = hash.AsUInt32();
        var threshold = vectors.Threshold.AsUInt32();
        oddRow = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, threshold).AsSingle(), Relu(oddRow), Vector512<float>.Zero);
        evenRow = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(Vector512.ShiftLeft(x, 16) ^ x, threshold).AsSingle(), Relu(evenRow), Vector512<float>.Zero);
    }

    // lowbias32 of pairKey + u·φ per lane, less its last step (x ^= x >> 16). The even row keeps a unit where the finished
    // hash's low 16 bits reach the threshold, the odd row where its high 16 bits do, both compared in the top of the lane
    // (x ≥ t·2¹⁶ ⇔ (x >> 16) ≥ t, whatever the low bits). The last step leaves the high half as it is and makes the low
    // half low ^ high, which is the top half of (x << 16) ^ x: so the odd row compares x, the even row (x << 16) ^ x, one
    // shift fewer than finishing the hash and shifting its low half up.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Unfinished(Vector512<float> pairKey, ref uint unitSteps, int unit, in DropoutVectors<Vector512<float>> vectors)
    {
        var x = pairKey.AsUInt32() + Vector512.LoadUnsafe(ref unitSteps, (nuint)unit);
        x ^= Vector512.ShiftRightLogical(x, 16);
        x *= vectors.Multiplier1.AsUInt32();
        x ^= Vector512.ShiftRightLogical(x, 15);
        return x * vectors.Multiplier2.AsUInt32();
    }
}
