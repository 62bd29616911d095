using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>8 float lanes (AVX2), the fallback where AVX-512 is missing.</summary>
internal readonly struct Vector256Ops : IVectorOps<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Create(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, int offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, int offset) => value.StoreUnsafe(ref destination, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    // vmaxps returns its second operand when either is NaN: zero first lets NaN through. One instruction, where
    // Max's IEEE semantics cost three.
    public static Vector256<float> Relu(Vector256<float> z) => Vector256.MaxNative(Vector256<float>.Zero, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> a)
    {
        var x = Vector256.Min(a, Vector256.Create(ExpSteps.Highest));
        var n = Vector256.Floor(Vector256.FusedMultiplyAdd(x, Vector256.Create(ExpSteps.Log2E), Vector256.Create(0.5f)));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-ExpSteps.Ln2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-ExpSteps.Ln2Low), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(ExpSteps.P0), r, Vector256.Create(ExpSteps.P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(ExpSteps.P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(ExpSteps.P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(ExpSteps.P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(ExpSteps.P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpSteps.Lowest)), Vector256<float>.Zero, p * scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector256<float> a) => Vector128Reductions.MaxAcross(Vector128.Max(a.GetLower(), a.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d) =>
        Vector128Reductions.Sum4(Fold(a), Fold(b), Fold(c), Fold(d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fold(Vector256<float> v) => v.GetLower() + v.GetUpper();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> a) => Vector256.Sum(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> EqualTo(Vector256<float> a, Vector256<float> b) => Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterThan(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(Vector256<float> mask, Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> WherePositive(Vector256<float> test, Vector256<float> value) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(test, Vector256<float>.Zero), value, Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SignOf(Vector256<float> a, Vector256<float> value) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a, Vector256<float>.Zero), value, -value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInto(Vector256<float> value, ref double sum, int offset)
    {
        var (lower, upper) = Vector256.Widen(value);
        (Vector256.LoadUnsafe(ref sum, (nuint)offset) + lower).StoreUnsafe(ref sum, (nuint)offset);
        (Vector256.LoadUnsafe(ref sum, (nuint)(offset + Vector256<double>.Count)) + upper).StoreUnsafe(ref sum, (nuint)(offset + Vector256<double>.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FlushInto(ref float partial, ref double sum, int offset)
    {
        var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref partial, (nuint)offset));
        (Vector256.LoadUnsafe(ref sum, (nuint)offset) + lower).StoreUnsafe(ref sum, (nuint)offset);
        (Vector256.LoadUnsafe(ref sum, (nuint)(offset + Vector256<double>.Count)) + upper).StoreUnsafe(ref sum, (nuint)(offset + Vector256<double>.Count));
        Vector256<float>.Zero.StoreUnsafe(ref partial, (nuint)offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DropoutVectors<Vector256<float>> DropoutVectors(uint dropThreshold, float scale) => new(
        Vector256.Create(HashDropoutMasks.Multiplier1).AsSingle(),
        Vector256.Create(HashDropoutMasks.Multiplier2).AsSingle(),
        Vector256.Create(dropThreshold << 16).AsSingle(),
        Vector256.Create(scale));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Key(uint key) => Vector256.Create(key).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Drop(Vector256<float> pairKey, ref uint unitSteps, int unit, in DropoutVectors<Vector256<float>> vectors, ref Vector256<float> evenRow, ref Vector256<float> oddRow)
    {
        // Compare and select written out here, not returned from a helper: only so does the JIT keep each comparison in
        // a mask register and zero the product with it.
        var x = Unfinished(pairKey, ref unitSteps, unit, vectors);
        var threshold = vectors.Threshold.AsUInt32();
        oddRow = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, threshold).AsSingle(), oddRow * vectors.Factor, Vector256<float>.Zero);
        evenRow = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(Vector256.ShiftLeft(x, 16) ^ x, threshold).AsSingle(), evenRow * vectors.Factor, Vector256<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> UnitHash(Vector256<float> pairKey, ref uint unitSteps, in DropoutVectors<Vector256<float>> vectors) =>
        Unfinished(pairKey, ref unitSteps, 0, vectors).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReluMask(Vector256<float> hash, in DropoutVectors<Vector256<float>> vectors, ref Vector256<float> evenRow, ref Vector256<float> oddRow)
    {
        var x = hash.AsUInt32();
        var threshold = vectors.Threshold.AsUInt32();
        oddRow = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, threshold).AsSingle(), Relu(oddRow), Vector256<float>.Zero);
        evenRow = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(Vector256.ShiftLeft(x, 16) ^ x, threshold).AsSingle(), Relu(evenRow), Vector256<float>.Zero);
    }

    // lowbias32 of pairKey + u·φ per lane less its last step, compared as Vector512Ops.Unfinished explains.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Unfinished(Vector256<float> pairKey, ref uint unitSteps, int unit, in DropoutVectors<Vector256<float>> vectors)
    {
        var x = pairKey.AsUInt32() + Vector256.LoadUnsafe(ref unitSteps, (nuint)unit);
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= vectors.Multiplier1.AsUInt32();
        x ^= Vector256.ShiftRightLogical(x, 15);
        return x * vectors.Multiplier2.AsUInt32();
    }
}
