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
    public static float Sum(Vector256<float> a) => Vector256.Sum(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> WherePositive(Vector256<float> test, Vector256<float> value) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(test, Vector256<float>.Zero), value, Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SignOf(Vector256<float> a, Vector256<float> value) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a, Vector256<float>.Zero), value, -value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FlushInto(ref float partial, ref double sum, int offset)
    {
        var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref partial, (nuint)offset));
        (Vector256.LoadUnsafe(ref sum, (nuint)offset) + lower).StoreUnsafe(ref sum, (nuint)offset);
        (Vector256.LoadUnsafe(ref sum, (nuint)(offset + Vector256<double>.Count)) + upper).StoreUnsafe(ref sum, (nuint)(offset + Vector256<double>.Count));
        Vector256<float>.Zero.StoreUnsafe(ref partial, (nuint)offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> KeepFactor(uint rowKey, ref uint unitSteps, int unit, uint dropThreshold, float scale)
    {
        var x = Vector256.Create(rowKey) + Vector256.LoadUnsafe(ref unitSteps, (nuint)unit);
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= HashDropoutMasks.Multiplier1;
        x ^= Vector256.ShiftRightLogical(x, 15);
        x *= HashDropoutMasks.Multiplier2;
        x ^= Vector256.ShiftRightLogical(x, 16);
        var keep = Vector256.GreaterThanOrEqual(x, Vector256.Create(dropThreshold)).AsSingle();
        return Vector256.ConditionalSelect(keep, Vector256.Create(scale), Vector256<float>.Zero);
    }
}
