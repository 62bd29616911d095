using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The seed network's kernels: one hidden layer (inputs → H, row-major) and two to four classes (column-major), four
/// rows at a time, compiled per class count, per mask source and, for up to four inputs (the spiral's two), per input
/// count. The forward pass goes from the inputs to the logits in one sweep over the hidden units, the backward pass from
/// the logit gradients to every parameter gradient in another; per unit, the four rows' activations are the only thing
/// written to memory. Missing rows have zero inputs and zero logit gradients.
/// <para>
/// The dropout scale s = 1/(1 − rate) is not applied per unit: the hidden activation is h = s·h', h' = relu(z) ⊙ keep,
/// and the kernels work with h', so the scale costs a multiplication per logit, per bias gradient, per input and per
/// dW2 entry and batch instead of one per unit and row in both sweeps (the multiply units are what bound them). The
/// forward pass leaves it to the caller's softmax; the backward pass applies it to the inputs and db1; the caller scales
/// dW2 once per batch.
/// </para>
/// </summary>
internal static class FusedKernels
{
    public const int Rows = 4;

    // x (4, sIn: nIn used), W1 (nIn, sH), b1 (sH), W2ᵀ (classes rows of sH), pair keys of rows 0–1 and 2–3 (the block
    // starts at an even row), keep (4, sH: the given masks' 0 or 1, MaskMode.Given)
    // -> h' (4, sH) = relu(x·W1 + b1) ⊙ keep; logits'[c·4 + r] = h'[r]·W2ᵀ[c] (class-major; neither scale nor bias)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TOps, TV, TClasses, TInputs, TMask>(
        ref float x, int sIn, int nIn, ref float w1, ref float b1, int sH, ref float w2, ref float h, ref float logits,
        uint firstPairKey, uint secondPairKey, ref uint unitSteps, uint dropThreshold, ref float factors)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount
        where TInputs : struct, ICount
        where TMask : struct, IMaskSource
    {
        var n = TOps.Count;
        var zero = TOps.Zero;
        TV a00 = zero, a01 = zero, a02 = zero, a03 = zero;
        TV a10 = zero, a11 = zero, a12 = zero, a13 = zero;
        TV a20 = zero, a21 = zero, a22 = zero, a23 = zero;
        TV a30 = zero, a31 = zero, a32 = zero, a33 = zero;
        ref var x1 = ref Unsafe.Add(ref x, sIn);
        ref var x2 = ref Unsafe.Add(ref x, 2 * sIn);
        ref var x3 = ref Unsafe.Add(ref x, 3 * sIn);
        var dropout = TOps.DropoutVectors(dropThreshold, 1f);
        var firstKey = TOps.Key(firstPairKey);
        var secondKey = TOps.Key(secondPairKey);
        var inputs = TInputs.Value > 0 ? TInputs.Value : nIn;
        for (var j = 0; j < sH; j += n)
        {
            // z = x·W1 + b1 for the four rows
            var z0 = TOps.Load(ref b1, j);
            var z1 = z0;
            var z2 = z0;
            var z3 = z0;
            if (TInputs.Value == 0)
            {
                for (var i = 0; i < inputs; i++)
                {
                    var w = TOps.Load(ref w1, (i * sH) + j);
                    z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, i)), w, z0);
                    z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, i)), w, z1);
                    z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, i)), w, z2);
                    z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, i)), w, z3);
                }
            }
            else
            {
                // Written out: the JIT does not unroll a loop of two, and its counter and address arithmetic cost more
                // than the four FMAs inside.
                ref var wj = ref Unsafe.Add(ref w1, j);
                var w = TOps.Load(ref wj, 0);
                z0 = TOps.MultiplyAdd(TOps.Create(x), w, z0);
                z1 = TOps.MultiplyAdd(TOps.Create(x1), w, z1);
                z2 = TOps.MultiplyAdd(TOps.Create(x2), w, z2);
                z3 = TOps.MultiplyAdd(TOps.Create(x3), w, z3);
                if (TInputs.Value > 1)
                {
                    w = TOps.Load(ref wj, sH);
                    z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, 1)), w, z0);
                    z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, 1)), w, z1);
                    z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, 1)), w, z2);
                    z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, 1)), w, z3);
                }

                if (TInputs.Value > 2)
                {
                    w = TOps.Load(ref wj, 2 * sH);
                    z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, 2)), w, z0);
                    z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, 2)), w, z1);
                    z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, 2)), w, z2);
                    z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, 2)), w, z3);
                }

                if (TInputs.Value > 3)
                {
                    w = TOps.Load(ref wj, 3 * sH);
                    z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, 3)), w, z0);
                    z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, 3)), w, z1);
                    z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, 3)), w, z2);
                    z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, 3)), w, z3);
                }
            }

            // h' = relu(z) ⊙ keep, keep being 0 or 1 (the hidden activation without the dropout scale, see the summary)
            z0 = TOps.Relu(z0);
            z1 = TOps.Relu(z1);
            z2 = TOps.Relu(z2);
            z3 = TOps.Relu(z3);
            if (TMask.Source == MaskMode.Hashed)
            {
                TOps.Mask(firstKey, ref unitSteps, j, dropout, ref z0, ref z1);
                TOps.Mask(secondKey, ref unitSteps, j, dropout, ref z2, ref z3);
            }
            else if (TMask.Source == MaskMode.Given)
            {
                z0 = TOps.Multiply(z0, TOps.Load(ref factors, j));
                z1 = TOps.Multiply(z1, TOps.Load(ref factors, sH + j));
                z2 = TOps.Multiply(z2, TOps.Load(ref factors, (2 * sH) + j));
                z3 = TOps.Multiply(z3, TOps.Load(ref factors, (3 * sH) + j));
            }

            TOps.Store(z0, ref h, j);
            TOps.Store(z1, ref h, sH + j);
            TOps.Store(z2, ref h, (2 * sH) + j);
            TOps.Store(z3, ref h, (3 * sH) + j);

            // logits += h·W2ᵀ
            ref var w2j = ref Unsafe.Add(ref w2, j);
            var v0 = TOps.Load(ref w2j, 0);
            var v1 = TOps.Load(ref w2j, sH);
            a00 = TOps.MultiplyAdd(z0, v0, a00);
            a01 = TOps.MultiplyAdd(z0, v1, a01);
            a10 = TOps.MultiplyAdd(z1, v0, a10);
            a11 = TOps.MultiplyAdd(z1, v1, a11);
            a20 = TOps.MultiplyAdd(z2, v0, a20);
            a21 = TOps.MultiplyAdd(z2, v1, a21);
            a30 = TOps.MultiplyAdd(z3, v0, a30);
            a31 = TOps.MultiplyAdd(z3, v1, a31);
            if (TClasses.Value > 2)
            {
                var v2 = TOps.Load(ref w2j, 2 * sH);
                a02 = TOps.MultiplyAdd(z0, v2, a02);
                a12 = TOps.MultiplyAdd(z1, v2, a12);
                a22 = TOps.MultiplyAdd(z2, v2, a22);
                a32 = TOps.MultiplyAdd(z3, v2, a32);
            }

            if (TClasses.Value > 3)
            {
                var v3 = TOps.Load(ref w2j, 3 * sH);
                a03 = TOps.MultiplyAdd(z0, v3, a03);
                a13 = TOps.MultiplyAdd(z1, v3, a13);
                a23 = TOps.MultiplyAdd(z2, v3, a23);
                a33 = TOps.MultiplyAdd(z3, v3, a33);
            }
        }

        TOps.Sum4(a00, a10, a20, a30).StoreUnsafe(ref logits);
        TOps.Sum4(a01, a11, a21, a31).StoreUnsafe(ref logits, 4);
        if (TClasses.Value > 2)
        {
            TOps.Sum4(a02, a12, a22, a32).StoreUnsafe(ref logits, 8);
        }

        if (TClasses.Value > 3)
        {
            TOps.Sum4(a03, a13, a23, a33).StoreUnsafe(ref logits, 12);
        }
    }

    // x (4, sIn), h' (4, sH), W2ᵀ (classes rows of sH), dl[c·4 + r] = dLoss/dlogit (class-major), s = 1/(1 − rate)
    // -> dW2'ᵀ[c] += Σ_r dl[r, c]·h'[r] (dW2 = s·dW2', see the summary); dz[r] = s·(Σ_c dl[r, c]·W2ᵀ[c]) where h'[r] > 0,
    //    else 0; db1 += Σ_r dz[r]; dW1[i] += Σ_r x[r, i]·dz[r]; with flush, each of dW2', db1, dW1 is then added to its
    //    double sums and set to 0 (FastTensors.GradientSums)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TOps, TV, TClasses, TInputs>(
        ref float x, int sIn, int nIn, ref float h, int sH, ref float w2, ref float dw2, ref float dw1, ref float db1, ref float dl, float scale,
        bool flush, ref double dw2Sums, ref double dw1Sums, ref double db1Sums)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount
        where TInputs : struct, ICount
    {
        var n = TOps.Count;

        // The block's logit gradients, broadcast once: each is used twice per unit vector (dW2 and dh), and as memory
        // operands they made the loop wait on loads.
        var (d00, d01, d02, d03) = Gradients<TOps, TV, TClasses>(ref dl, 0);
        var (d10, d11, d12, d13) = Gradients<TOps, TV, TClasses>(ref dl, 1);
        var (d20, d21, d22, d23) = Gradients<TOps, TV, TClasses>(ref dl, 2);
        var (d30, d31, d32, d33) = Gradients<TOps, TV, TClasses>(ref dl, 3);
        var factor = TOps.Create(scale);
        ref var x1 = ref Unsafe.Add(ref x, sIn);
        ref var x2 = ref Unsafe.Add(ref x, 2 * sIn);
        ref var x3 = ref Unsafe.Add(ref x, 3 * sIn);
        var inputs = TInputs.Value > 0 ? TInputs.Value : nIn;

        // With two inputs (the spiral) their eight values, times s, fit in the registers left, broadcast once.
        var hoisted = TInputs.Value is > 0 and <= 2;
        TV x00 = default, x01 = default, x02 = default, x03 = default, x10 = default, x11 = default, x12 = default, x13 = default;
        if (hoisted)
        {
            (x00, x01, x02, x03) = (TOps.Create(x * scale), TOps.Create(x1 * scale), TOps.Create(x2 * scale), TOps.Create(x3 * scale));
            if (TInputs.Value > 1)
            {
                (x10, x11, x12, x13) = (
                    TOps.Create(Unsafe.Add(ref x, 1) * scale), TOps.Create(Unsafe.Add(ref x1, 1) * scale), TOps.Create(Unsafe.Add(ref x2, 1) * scale), TOps.Create(Unsafe.Add(ref x3, 1) * scale));
            }
        }

        for (var j = 0; j < sH; j += n)
        {
            ref var w2j = ref Unsafe.Add(ref w2, j);
            ref var dw2j = ref Unsafe.Add(ref dw2, j);
            var v0 = TOps.Load(ref w2j, 0);
            var v1 = TOps.Load(ref w2j, sH);
            var v2 = TClasses.Value > 2 ? TOps.Load(ref w2j, 2 * sH) : TOps.Zero;
            var v3 = TClasses.Value > 3 ? TOps.Load(ref w2j, 3 * sH) : TOps.Zero;
            var g0 = TOps.Load(ref dw2j, 0);
            var g1 = TOps.Load(ref dw2j, sH);
            var g2 = TClasses.Value > 2 ? TOps.Load(ref dw2j, 2 * sH) : TOps.Zero;
            var g3 = TClasses.Value > 3 ? TOps.Load(ref dw2j, 3 * sH) : TOps.Zero;
            var dz0 = Row<TOps, TV, TClasses>(TOps.Load(ref h, j), d00, d01, d02, d03, v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
            var dz1 = Row<TOps, TV, TClasses>(TOps.Load(ref h, sH + j), d10, d11, d12, d13, v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
            var dz2 = Row<TOps, TV, TClasses>(TOps.Load(ref h, (2 * sH) + j), d20, d21, d22, d23, v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
            var dz3 = Row<TOps, TV, TClasses>(TOps.Load(ref h, (3 * sH) + j), d30, d31, d32, d33, v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
            ref var dw2Sumsj = ref Unsafe.Add(ref dw2Sums, j);
            Put<TOps, TV>(g0, ref dw2j, ref dw2Sumsj, 0, flush);
            Put<TOps, TV>(g1, ref dw2j, ref dw2Sumsj, sH, flush);
            if (TClasses.Value > 2)
            {
                Put<TOps, TV>(g2, ref dw2j, ref dw2Sumsj, 2 * sH, flush);
            }

            if (TClasses.Value > 3)
            {
                Put<TOps, TV>(g3, ref dw2j, ref dw2Sumsj, 3 * sH, flush);
            }

            Put<TOps, TV>(TOps.MultiplyAdd(TOps.Add(TOps.Add(dz0, dz1), TOps.Add(dz2, dz3)), factor, TOps.Load(ref db1, j)), ref db1, ref db1Sums, j, flush);
            if (hoisted)
            {
                ref var dw1j = ref Unsafe.Add(ref dw1, j);
                ref var dw1Sumsj = ref Unsafe.Add(ref dw1Sums, j);
                Put<TOps, TV>(WeightRow<TOps, TV>(ref dw1j, x00, x01, x02, x03, dz0, dz1, dz2, dz3), ref dw1j, ref dw1Sumsj, 0, flush);
                if (TInputs.Value > 1)
                {
                    Put<TOps, TV>(WeightRow<TOps, TV>(ref Unsafe.Add(ref dw1j, sH), x10, x11, x12, x13, dz0, dz1, dz2, dz3), ref dw1j, ref dw1Sumsj, sH, flush);
                }
            }
            else
            {
                for (var i = 0; i < inputs; i++)
                {
                    var at = (i * sH) + j;
                    var row = WeightRow<TOps, TV>(
                        ref Unsafe.Add(ref dw1, at),
                        TOps.Create(Unsafe.Add(ref x, i) * scale),
                        TOps.Create(Unsafe.Add(ref x1, i) * scale),
                        TOps.Create(Unsafe.Add(ref x2, i) * scale),
                        TOps.Create(Unsafe.Add(ref x3, i) * scale),
                        dz0,
                        dz1,
                        dz2,
                        dz3);
                    Put<TOps, TV>(row, ref dw1, ref dw1Sums, at, flush);
                }
            }
        }
    }

    // Row r's logit gradients dl[c·4 + r] for the classes there are, broadcast (zero for the others).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV, TV, TV, TV) Gradients<TOps, TV, TClasses>(ref float dl, int r)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount =>
        (TOps.Create(Unsafe.Add(ref dl, r)),
         TOps.Create(Unsafe.Add(ref dl, Rows + r)),
         TClasses.Value > 2 ? TOps.Create(Unsafe.Add(ref dl, (2 * Rows) + r)) : TOps.Zero,
         TClasses.Value > 3 ? TOps.Create(Unsafe.Add(ref dl, (3 * Rows) + r)) : TOps.Zero);

    // dW1[i] (one vector) + Σ_r x[r, i]·dz[r], as two chains of two so that the four FMAs are not one serial chain.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV WeightRow<TOps, TV>(ref float dw, TV x0, TV x1, TV x2, TV x3, TV dz0, TV dz1, TV dz2, TV dz3)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var first = TOps.MultiplyAdd(x1, dz1, TOps.MultiplyAdd(x0, dz0, TOps.Load(ref dw, 0)));
        var second = TOps.MultiplyAdd(x3, dz3, TOps.Multiply(x2, dz2));
        return TOps.Add(first, second);
    }

    // destination[offset …] = value; or, flushing, sums[offset …] += value in double and destination[offset …] = 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TOps, TV>(TV value, ref float destination, ref double sums, int offset, bool flush)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        if (flush)
        {
            TOps.AddInto(value, ref sums, offset);
            value = TOps.Zero;
        }

        TOps.Store(value, ref destination, offset);
    }

    // One row of the backward sweep: dW2'ᵀ[c] += d_c·h'; returns Σ_c d_c·W2ᵀ[c] where h' > 0, else 0 (h' > 0 exactly where
    // the unit was kept and its ReLU was active); the caller applies the scale.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Row<TOps, TV, TClasses>(
        TV h, TV d0, TV d1, TV d2, TV d3, TV v0, TV v1, TV v2, TV v3, ref TV g0, ref TV g1, ref TV g2, ref TV g3)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount
    {
        g0 = TOps.MultiplyAdd(d0, h, g0);
        g1 = TOps.MultiplyAdd(d1, h, g1);
        var dh = TOps.MultiplyAdd(d1, v1, TOps.Multiply(d0, v0));
        if (TClasses.Value > 2)
        {
            g2 = TOps.MultiplyAdd(d2, h, g2);
            dh = TOps.MultiplyAdd(d2, v2, dh);
        }

        if (TClasses.Value > 3)
        {
            g3 = TOps.MultiplyAdd(d3, h, g3);
            dh = TOps.MultiplyAdd(d3, v3, dh);
        }

        return TOps.WherePositive(h, dh);
    }
}
