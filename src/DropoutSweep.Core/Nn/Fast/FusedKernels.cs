using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The seed network's kernels: one hidden layer (inputs → H, row-major) and two to four classes (column-major), four
/// rows at a time, compiled per class count and, for two inputs (the spiral), per input count. The forward pass goes from the inputs to the logits in one sweep over the hidden units, the backward
/// pass from the logit gradients to every parameter gradient in another; per unit, the four rows' activations are
/// the only thing written to memory. Missing rows have zero inputs and zero logit gradients.
/// </summary>
internal static class FusedKernels
{
    public const int Rows = 4;

    // x (4, sIn: nIn used), W1 (nIn, sH), b1 (sH), W2ᵀ rows w2c0..w2c3 (sH each), keys (the pair keys of rows 0–1 and 2–3;
    // the block starts at an even row), factors (4, sH: the given masks' 0 or 1/(1 − rate), for MaskMode.Given)
    // -> h (4, sH) = relu(x·W1 + b1) ⊙ mask; logits[r·4 + c] = h[r]·W2ᵀ[c] (bias not added)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TOps, TV, TClasses, TInputs>(
        ref float x, int sIn, int nIn, ref float w1, ref float b1, int sH,
        ref float w2c0, ref float w2c1, ref float w2c2, ref float w2c3,
        ref float h, Span<float> logits,
        MaskMode mode, ReadOnlySpan<uint> keys, ref uint unitSteps, uint dropThreshold, float scale, ref float factors)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount
        where TInputs : struct, ICount
    {
        var n = TOps.Count;
        var zero = TOps.Zero;
        uint pair01 = keys[0], pair23 = keys[1];
        TV a00 = zero, a01 = zero, a02 = zero, a03 = zero;
        TV a10 = zero, a11 = zero, a12 = zero, a13 = zero;
        TV a20 = zero, a21 = zero, a22 = zero, a23 = zero;
        TV a30 = zero, a31 = zero, a32 = zero, a33 = zero;
        ref var x1 = ref Unsafe.Add(ref x, sIn);
        ref var x2 = ref Unsafe.Add(ref x, 2 * sIn);
        ref var x3 = ref Unsafe.Add(ref x, 3 * sIn);
        for (var j = 0; j < sH; j += n)
        {
            // z = x·W1 + b1 for the four rows
            var z0 = TOps.Load(ref b1, j);
            var z1 = z0;
            var z2 = z0;
            var z3 = z0;
            var inputs = TInputs.Value > 0 ? TInputs.Value : nIn;
            for (var i = 0; i < inputs; i++)
            {
                var w = TOps.Load(ref w1, (i * sH) + j);
                z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, i)), w, z0);
                z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, i)), w, z1);
                z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, i)), w, z2);
                z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, i)), w, z3);
            }

            // h = relu(z) ⊙ mask, the mask being 0 or 1/(1 − rate): relu(z)·scale where kept (in the reference's order of
            // operations), zeroed by the hash's comparison directly where dropped.
            z0 = TOps.Relu(z0);
            z1 = TOps.Relu(z1);
            z2 = TOps.Relu(z2);
            z3 = TOps.Relu(z3);
            if (mode == MaskMode.Hashed)
            {
                var factor = TOps.Create(scale);
                z0 = TOps.Multiply(z0, factor);
                z1 = TOps.Multiply(z1, factor);
                z2 = TOps.Multiply(z2, factor);
                z3 = TOps.Multiply(z3, factor);
                TOps.Drop(pair01, ref unitSteps, j, dropThreshold, ref z0, ref z1);
                TOps.Drop(pair23, ref unitSteps, j, dropThreshold, ref z2, ref z3);
            }
            else if (mode == MaskMode.Given)
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
            var v0 = TOps.Load(ref w2c0, j);
            var v1 = TOps.Load(ref w2c1, j);
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
                var v2 = TOps.Load(ref w2c2, j);
                a02 = TOps.MultiplyAdd(z0, v2, a02);
                a12 = TOps.MultiplyAdd(z1, v2, a12);
                a22 = TOps.MultiplyAdd(z2, v2, a22);
                a32 = TOps.MultiplyAdd(z3, v2, a32);
            }

            if (TClasses.Value > 3)
            {
                var v3 = TOps.Load(ref w2c3, j);
                a03 = TOps.MultiplyAdd(z0, v3, a03);
                a13 = TOps.MultiplyAdd(z1, v3, a13);
                a23 = TOps.MultiplyAdd(z2, v3, a23);
                a33 = TOps.MultiplyAdd(z3, v3, a33);
            }
        }

        TOps.Sum4(a00, a01, a02, a03).CopyTo(logits);
        TOps.Sum4(a10, a11, a12, a13).CopyTo(logits[4..]);
        TOps.Sum4(a20, a21, a22, a23).CopyTo(logits[8..]);
        TOps.Sum4(a30, a31, a32, a33).CopyTo(logits[12..]);
    }

    // x (4, sIn), h (4, sH), W2ᵀ rows (sH each), dl[r·4 + c] = dLoss/dlogit
    // -> dW2ᵀ[c] += Σ_r dl[r, c]·h[r]; dz[r] = (Σ_c dl[r, c]·W2ᵀ[c]) ⊙ mask ⊙ [z > 0]; db1 += Σ_r dz[r]; dW1[i] += Σ_r x[r, i]·dz[r]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TOps, TV, TClasses, TInputs>(
        ref float x, int sIn, int nIn, ref float h, int sH,
        ref float w2c0, ref float w2c1, ref float w2c2, ref float w2c3,
        ref float dw2c0, ref float dw2c1, ref float dw2c2, ref float dw2c3,
        ref float dw1, ref float db1, ReadOnlySpan<float> dl, ReadOnlySpan<float> scaledDl)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount
        where TInputs : struct, ICount
    {
        var n = TOps.Count;
        // Read inside the loop on purpose: the JIT folds each into its FMA as a broadcast memory operand, where
        // scalars held in registers cost a separate broadcast instruction per use. scaledDl = dl·(1/(1 − rate)) folds
        // the dropout scale into dh.
        ref var d = ref MemoryMarshal.GetReference(dl[..16]);
        ref var s = ref MemoryMarshal.GetReference(scaledDl[..16]);
        ref var x1 = ref Unsafe.Add(ref x, sIn);
        ref var x2 = ref Unsafe.Add(ref x, 2 * sIn);
        ref var x3 = ref Unsafe.Add(ref x, 3 * sIn);
        for (var j = 0; j < sH; j += n)
        {
            var v0 = TOps.Load(ref w2c0, j);
            var v1 = TOps.Load(ref w2c1, j);
            var v2 = TClasses.Value > 2 ? TOps.Load(ref w2c2, j) : TOps.Zero;
            var v3 = TClasses.Value > 3 ? TOps.Load(ref w2c3, j) : TOps.Zero;
            var g0 = TOps.Load(ref dw2c0, j);
            var g1 = TOps.Load(ref dw2c1, j);
            var g2 = TClasses.Value > 2 ? TOps.Load(ref dw2c2, j) : TOps.Zero;
            var g3 = TClasses.Value > 3 ? TOps.Load(ref dw2c3, j) : TOps.Zero;
            var dz0 = Row<TOps, TV, TClasses>(ref d, ref s, 0, TOps.Load(ref h, j), v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
            var dz1 = Row<TOps, TV, TClasses>(ref d, ref s, 1, TOps.Load(ref h, sH + j), v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
            var dz2 = Row<TOps, TV, TClasses>(ref d, ref s, 2, TOps.Load(ref h, (2 * sH) + j), v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
            var dz3 = Row<TOps, TV, TClasses>(ref d, ref s, 3, TOps.Load(ref h, (3 * sH) + j), v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
            TOps.Store(g0, ref dw2c0, j);
            TOps.Store(g1, ref dw2c1, j);
            if (TClasses.Value > 2)
            {
                TOps.Store(g2, ref dw2c2, j);
            }

            if (TClasses.Value > 3)
            {
                TOps.Store(g3, ref dw2c3, j);
            }

            TOps.Store(TOps.Add(TOps.Load(ref db1, j), TOps.Add(TOps.Add(dz0, dz1), TOps.Add(dz2, dz3))), ref db1, j);
            var inputs = TInputs.Value > 0 ? TInputs.Value : nIn;
            for (var i = 0; i < inputs; i++)
            {
                var acc = TOps.Load(ref dw1, (i * sH) + j);
                acc = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, i)), dz0, acc);
                acc = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, i)), dz1, acc);
                acc = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, i)), dz2, acc);
                acc = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, i)), dz3, acc);
                TOps.Store(acc, ref dw1, (i * sH) + j);
            }
        }
    }

    // One row r of the backward sweep: dW2ᵀ[c] += dl[r, c]·h; returns dz = (Σ_c dl[r, c]·scale·W2ᵀ[c]) where h > 0, else 0
    // (h > 0 exactly where the unit was kept and its ReLU was active).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Row<TOps, TV, TClasses>(
        ref float dl, ref float scaledDl, int r, TV h, TV v0, TV v1, TV v2, TV v3, ref TV g0, ref TV g1, ref TV g2, ref TV g3)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount
    {
        var k = r * Rows;
        g0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref dl, k)), h, g0);
        g1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref dl, k + 1)), h, g1);
        var dh = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref scaledDl, k + 1)), v1, TOps.Multiply(TOps.Create(Unsafe.Add(ref scaledDl, k)), v0));
        if (TClasses.Value > 2)
        {
            g2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref dl, k + 2)), h, g2);
            dh = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref scaledDl, k + 2)), v2, dh);
        }

        if (TClasses.Value > 3)
        {
            g3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref dl, k + 3)), h, g3);
            dh = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref scaledDl, k + 3)), v3, dh);
        }

        return TOps.WherePositive(h, dh);
    }
}
