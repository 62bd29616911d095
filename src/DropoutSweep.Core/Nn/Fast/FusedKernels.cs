using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>How the fused forward pass masks the hidden layer.</summary>
internal enum MaskMode
{
    /// <summary>No dropout: evaluation, or a rate of 0.</summary>
    None,

    /// <summary>Factors hashed on the fly (training).</summary>
    Hashed,

    /// <summary>Factors read from a buffer (test seam: recorded masks).</summary>
    Given,
}

/// <summary>
/// The seed network's kernels: one hidden layer (inputs → H, in-major) and at most four classes (out-major), four rows
/// at a time. The forward pass goes from the inputs to the logits in one sweep over the hidden units, the backward
/// pass from the logit gradients to every parameter gradient in another; per unit, the four rows' activations are
/// the only thing written to memory. Missing classes point at a zero row of weights (their logits are ignored and
/// their gradients are 0); missing rows have zero inputs and zero logit gradients.
/// </summary>
internal static class FusedKernels
{
    public const int Rows = 4;

    // x (4, sIn: nIn used), W1 (nIn, sH), b1 (sH), W2ᵀ rows w2c0..w2c3 (sH each), keys (4 row keys)
    // -> h (4, sH) = relu(x·W1 + b1) ⊙ mask; logits[r·4 + c] = h[r]·W2ᵀ[c] (bias not added)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TOps, TV>(
        ref float x, int sIn, int nIn, ref float w1, ref float b1, int sH,
        ref float w2c0, ref float w2c1, ref float w2c2, ref float w2c3,
        ref float h, Span<float> logits,
        MaskMode mode, ReadOnlySpan<uint> keys, ref uint unitSteps, uint dropThreshold, float scale, ref float factors)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        var zero = TOps.Zero;
        uint k0 = keys[0], k1 = keys[1], k2 = keys[2], k3 = keys[3];
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
            for (var i = 0; i < nIn; i++)
            {
                var w = TOps.Load(ref w1, (i * sH) + j);
                z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, i)), w, z0);
                z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, i)), w, z1);
                z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, i)), w, z2);
                z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, i)), w, z3);
            }

            // h = relu(z) ⊙ mask
            z0 = TOps.Relu(z0);
            z1 = TOps.Relu(z1);
            z2 = TOps.Relu(z2);
            z3 = TOps.Relu(z3);
            if (mode == MaskMode.Hashed)
            {
                z0 = TOps.Multiply(z0, TOps.KeepFactor(k0, ref unitSteps, j, dropThreshold, scale));
                z1 = TOps.Multiply(z1, TOps.KeepFactor(k1, ref unitSteps, j, dropThreshold, scale));
                z2 = TOps.Multiply(z2, TOps.KeepFactor(k2, ref unitSteps, j, dropThreshold, scale));
                z3 = TOps.Multiply(z3, TOps.KeepFactor(k3, ref unitSteps, j, dropThreshold, scale));
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
            var v2 = TOps.Load(ref w2c2, j);
            var v3 = TOps.Load(ref w2c3, j);
            a00 = TOps.MultiplyAdd(z0, v0, a00);
            a01 = TOps.MultiplyAdd(z0, v1, a01);
            a02 = TOps.MultiplyAdd(z0, v2, a02);
            a03 = TOps.MultiplyAdd(z0, v3, a03);
            a10 = TOps.MultiplyAdd(z1, v0, a10);
            a11 = TOps.MultiplyAdd(z1, v1, a11);
            a12 = TOps.MultiplyAdd(z1, v2, a12);
            a13 = TOps.MultiplyAdd(z1, v3, a13);
            a20 = TOps.MultiplyAdd(z2, v0, a20);
            a21 = TOps.MultiplyAdd(z2, v1, a21);
            a22 = TOps.MultiplyAdd(z2, v2, a22);
            a23 = TOps.MultiplyAdd(z2, v3, a23);
            a30 = TOps.MultiplyAdd(z3, v0, a30);
            a31 = TOps.MultiplyAdd(z3, v1, a31);
            a32 = TOps.MultiplyAdd(z3, v2, a32);
            a33 = TOps.MultiplyAdd(z3, v3, a33);
        }

        logits[0] = TOps.Sum(a00);
        logits[1] = TOps.Sum(a01);
        logits[2] = TOps.Sum(a02);
        logits[3] = TOps.Sum(a03);
        logits[4] = TOps.Sum(a10);
        logits[5] = TOps.Sum(a11);
        logits[6] = TOps.Sum(a12);
        logits[7] = TOps.Sum(a13);
        logits[8] = TOps.Sum(a20);
        logits[9] = TOps.Sum(a21);
        logits[10] = TOps.Sum(a22);
        logits[11] = TOps.Sum(a23);
        logits[12] = TOps.Sum(a30);
        logits[13] = TOps.Sum(a31);
        logits[14] = TOps.Sum(a32);
        logits[15] = TOps.Sum(a33);
    }

    // x (4, sIn), h (4, sH), W2ᵀ rows (sH each), dl[r·4 + c] = dLoss/dlogit
    // -> dW2ᵀ[c] += Σ_r dl[r, c]·h[r]; dz[r] = (Σ_c dl[r, c]·W2ᵀ[c]) ⊙ mask ⊙ [z > 0]; db1 += Σ_r dz[r]; dW1[i] += Σ_r x[r, i]·dz[r]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TOps, TV>(
        ref float x, int sIn, int nIn, ref float h, int sH,
        ref float w2c0, ref float w2c1, ref float w2c2, ref float w2c3,
        ref float dw2c0, ref float dw2c1, ref float dw2c2, ref float dw2c3,
        ref float dw1, ref float db1, ReadOnlySpan<float> dl, float scale)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        // Read inside the loop on purpose: the JIT folds each into its FMA as a broadcast memory operand, where
        // scalars held in registers cost a separate broadcast instruction per use.
        ref var d = ref MemoryMarshal.GetReference(dl[..16]);
        var factor = TOps.Create(scale);
        ref var x1 = ref Unsafe.Add(ref x, sIn);
        ref var x2 = ref Unsafe.Add(ref x, 2 * sIn);
        ref var x3 = ref Unsafe.Add(ref x, 3 * sIn);
        for (var j = 0; j < sH; j += n)
        {
            var v0 = TOps.Load(ref w2c0, j);
            var v1 = TOps.Load(ref w2c1, j);
            var v2 = TOps.Load(ref w2c2, j);
            var v3 = TOps.Load(ref w2c3, j);
            var g0 = TOps.Load(ref dw2c0, j);
            var g1 = TOps.Load(ref dw2c1, j);
            var g2 = TOps.Load(ref dw2c2, j);
            var g3 = TOps.Load(ref dw2c3, j);

            var h0 = TOps.Load(ref h, j);
            g0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 0)), h0, g0);
            g1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 1)), h0, g1);
            g2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 2)), h0, g2);
            g3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 3)), h0, g3);
            var dh = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 3)), v3, TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 2)), v2, TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 1)), v1, TOps.Multiply(TOps.Create(Unsafe.Add(ref d, 0)), v0))));
            var dz0 = TOps.WherePositive(h0, TOps.Multiply(dh, factor));

            var h1 = TOps.Load(ref h, sH + j);
            g0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 4)), h1, g0);
            g1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 5)), h1, g1);
            g2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 6)), h1, g2);
            g3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 7)), h1, g3);
            dh = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 7)), v3, TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 6)), v2, TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 5)), v1, TOps.Multiply(TOps.Create(Unsafe.Add(ref d, 4)), v0))));
            var dz1 = TOps.WherePositive(h1, TOps.Multiply(dh, factor));

            var h2 = TOps.Load(ref h, (2 * sH) + j);
            g0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 8)), h2, g0);
            g1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 9)), h2, g1);
            g2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 10)), h2, g2);
            g3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 11)), h2, g3);
            dh = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 11)), v3, TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 10)), v2, TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 9)), v1, TOps.Multiply(TOps.Create(Unsafe.Add(ref d, 8)), v0))));
            var dz2 = TOps.WherePositive(h2, TOps.Multiply(dh, factor));

            var h3 = TOps.Load(ref h, (3 * sH) + j);
            g0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 12)), h3, g0);
            g1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 13)), h3, g1);
            g2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 14)), h3, g2);
            g3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 15)), h3, g3);
            dh = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 15)), v3, TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 14)), v2, TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref d, 13)), v1, TOps.Multiply(TOps.Create(Unsafe.Add(ref d, 12)), v0))));
            var dz3 = TOps.WherePositive(h3, TOps.Multiply(dh, factor));

            TOps.Store(g0, ref dw2c0, j);
            TOps.Store(g1, ref dw2c1, j);
            TOps.Store(g2, ref dw2c2, j);
            TOps.Store(g3, ref dw2c3, j);
            TOps.Store(TOps.Add(TOps.Load(ref db1, j), TOps.Add(TOps.Add(dz0, dz1), TOps.Add(dz2, dz3))), ref db1, j);
            for (var i = 0; i < nIn; i++)
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
}
