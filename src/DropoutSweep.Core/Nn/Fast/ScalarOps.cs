using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>One lane: the fallback where no SIMD is accelerated. Same results as the wide versions, lane by lane.</summary>
internal readonly struct ScalarOps : IVectorOps<float>
{
    /// <summary>A true mask lane: every bit set, as the vector comparisons give.</summary>
    private static readonly float AllBits = BitConverter.Int32BitsToSingle(-1);

    public static int Count => 1;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Create(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source, int offset) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination, int offset) => Unsafe.Add(ref destination, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Divide(float a, float b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float z) => 0f > z ? 0f : z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Abs(float a) => MathF.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sqrt(float a) => MathF.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float a)
    {
        var x = MathF.Min(a, ExpSteps.Highest);
        var n = MathF.Floor(MathF.FusedMultiplyAdd(x, ExpSteps.Log2E, 0.5f));
        var r = MathF.FusedMultiplyAdd(n, -ExpSteps.Ln2High, x);
        r = MathF.FusedMultiplyAdd(n, -ExpSteps.Ln2Low, r);
        var p = MathF.FusedMultiplyAdd(ExpSteps.P0, r, ExpSteps.P1);
        p = MathF.FusedMultiplyAdd(p, r, ExpSteps.P2);
        p = MathF.FusedMultiplyAdd(p, r, ExpSteps.P3);
        p = MathF.FusedMultiplyAdd(p, r, ExpSteps.P4);
        p = MathF.FusedMultiplyAdd(p, r, ExpSteps.P5);
        p = MathF.FusedMultiplyAdd(p, r * r, r) + 1f;
        var scale = BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
        return x < ExpSteps.Lowest ? 0f : p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => MathF.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(float a) => a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(float a, float b, float c, float d) => Vector128.Create(a, b, c, d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float a) => a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float EqualTo(float a, float b) => a == b ? AllBits : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GreaterThan(float a, float b) => a > b ? AllBits : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Select(float mask, float a, float b) => BitConverter.SingleToInt32Bits(mask) != 0 ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float WherePositive(float test, float value) => test > 0 ? value : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SignOf(float a, float value) => a >= 0 ? value : -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInto(float value, ref double sum, int offset) => Unsafe.Add(ref sum, offset) += value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FlushInto(ref float partial, ref double sum, int offset)
    {
        Unsafe.Add(ref sum, offset) += Unsafe.Add(ref partial, offset);
        Unsafe.Add(ref partial, offset) = 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DropoutVectors<float> DropoutVectors(uint dropThreshold, float scale) =>
        new(Key(HashDropoutMasks.Multiplier1), Key(HashDropoutMasks.Multiplier2), Key(dropThreshold), scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Key(uint key) => BitConverter.UInt32BitsToSingle(key);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Drop(float pairKey, ref uint unitSteps, int unit, in DropoutVectors<float> vectors, ref float evenRow, ref float oddRow)
    {
        var (evenKept, oddKept) = Kept(pairKey, ref unitSteps, unit, vectors);
        evenRow = evenKept ? evenRow * vectors.Factor : 0f;
        oddRow = oddKept ? oddRow * vectors.Factor : 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float UnitHash(float pairKey, ref uint unitSteps, in DropoutVectors<float> vectors)
    {
        // lowbias32 less its last step (x ^= x >> 16), which ReluMask applies to the low half it compares
        var x = BitConverter.SingleToUInt32Bits(pairKey) + unitSteps;
        x ^= x >> 16;
        x *= HashDropoutMasks.Multiplier1;
        x ^= x >> 15;
        return BitConverter.UInt32BitsToSingle(x * HashDropoutMasks.Multiplier2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReluMask(float hash, in DropoutVectors<float> vectors, ref float evenRow, ref float oddRow)
    {
        var x = BitConverter.SingleToUInt32Bits(hash);
        var threshold = BitConverter.SingleToUInt32Bits(vectors.Threshold);
        evenRow = ((x ^ (x >> 16)) & 0xFFFF) >= threshold ? Relu(evenRow) : 0f;
        oddRow = (x >> 16) >= threshold ? Relu(oddRow) : 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (bool Even, bool Odd) Kept(float pairKey, ref uint unitSteps, int unit, in DropoutVectors<float> vectors)
    {
        var x = HashDropoutMasks.Finish(BitConverter.SingleToUInt32Bits(pairKey) + Unsafe.Add(ref unitSteps, unit));
        var threshold = BitConverter.SingleToUInt32Bits(vectors.Threshold);
        return ((x & 0xFFFF) >= threshold, (x >> 16) >= threshold);
    }
}
