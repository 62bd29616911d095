using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The seed network's kernels: one hidden layer (inputs → H, row-major) and two to four classes (column-major),
/// compiled per class count, per mask source and, for up to four inputs (the spiral's two), per input count. The forward
/// pass takes four rows at a time from the inputs to the logits in one sweep over the hidden units; the backward pass
/// takes a chunk of up to <see cref="ChunkRows"/> rows from the logit gradients to every parameter gradient, one unit
/// vector at a time, so that the chunk's gradients of that vector stay in registers and reach memory once per chunk
/// (summing them in memory block by block cost a load and a store per gradient vector and block, and the stores bound
/// the sweep). Missing rows have zero inputs and zero logit gradients.
/// <para>
/// The dropout scale s = 1/(1 − rate) is not applied per unit: the hidden activation is h = s·h', h' = relu(z) ⊙ keep,
/// and the kernels work with h', so the scale costs a multiplication per logit, per bias gradient, per input and per
/// dW2 entry and batch instead of one per unit and row in both sweeps (the multiply units are what bound them). The
/// forward pass leaves it to the caller's softmax; the backward pass applies it to db1 and takes the inputs already
/// scaled; the caller scales dW2 once per batch.
/// </para>
/// <para>
/// The activations of a chunk are laid out unit vector by unit vector (<c>Activations</c>): the n lanes of unit vector v
/// for chunk row r at (v·<see cref="ChunkRows"/> + r)·n, so that the backward sweep reads one unit vector of the whole
/// chunk from one contiguous stretch.
/// </para>
/// </summary>
internal static class FusedKernels
{
    public const int Rows = 4;

    /// <summary>Rows of one backward sweep: the gradients of this many rows are summed in float, then added into double.</summary>
    public const int ChunkRows = 32;

    // x (4, sIn: nIn used), W1 (nIn, sH), b1 (sH), W2ᵀ (classes rows of sH), pair keys of rows 0–1 and 2–3 (the block
    // starts at an even row), u·φ (sH + one vector, HashDropoutMasks.UnitBits), keep (4, sH: the given masks' 0 or 1, MaskMode.Given)
    // -> h' = relu(x·W1 + b1) ⊙ keep (the block's four rows of the chunk layout at h, written only with keepActivations);
    //    logits'[c·logitStride + r] = h'[r]·W2ᵀ[c] (class-major; neither scale nor bias)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TOps, TV, TClasses, TInputs, TMask>(
        ref float x, int sIn, int nIn, ref float w1, ref float b1, int sH, ref float w2, ref float h, bool keepActivations, ref float logits, int logitStride,
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

        // Offsets as native integers, so that the loop spends no instructions widening them. A padded row of up to four
        // inputs is one vector of 16 floats: a constant stride gives constant displacements.
        nint stride = TInputs.Value > 0 ? FastNetwork.Padding : sIn;
        nint units = sH;
        ref var x1 = ref Unsafe.Add(ref x, stride);
        ref var x2 = ref Unsafe.Add(ref x, 2 * stride);
        ref var x3 = ref Unsafe.Add(ref x, 3 * stride);
        var dropout = TOps.DropoutVectors(dropThreshold, 1f);
        var firstKey = TOps.Key(firstPairKey);
        var secondKey = TOps.Key(secondPairKey);
        var inputs = TInputs.Value > 0 ? TInputs.Value : nIn;

        // The masks' hashes are computed one unit vector ahead: their chain of dependent steps is long, and computed
        // where they are used it kept the loop from overlapping iterations (17.3 -> 15.2 cycles per unit vector).
        // unitSteps has one vector more than the hidden units.
        TV nextFirst = zero, nextSecond = zero;
        if (TMask.Source == MaskMode.Hashed)
        {
            nextFirst = TOps.UnitHash(firstKey, ref unitSteps, dropout);
            nextSecond = TOps.UnitHash(secondKey, ref unitSteps, dropout);
        }

        for (nint j = 0; j < units; j += n)
        {
            var (first, second) = (nextFirst, nextSecond);
            if (TMask.Source == MaskMode.Hashed)
            {
                ref var steps = ref Unsafe.Add(ref unitSteps, j + n);
                nextFirst = TOps.UnitHash(firstKey, ref steps, dropout);
                nextSecond = TOps.UnitHash(secondKey, ref steps, dropout);
            }

            // z = x·W1 + b1 for the four rows
            var z0 = TOps.Load(ref Unsafe.Add(ref b1, j), 0);
            var z1 = z0;
            var z2 = z0;
            var z3 = z0;
            ref var wj = ref Unsafe.Add(ref w1, j);
            if (TInputs.Value == 0)
            {
                for (var i = 0; i < inputs; i++)
                {
                    var w = TOps.Load(ref Unsafe.Add(ref wj, i * units), 0);
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
                var w = TOps.Load(ref wj, 0);
                z0 = TOps.MultiplyAdd(TOps.Create(x), w, z0);
                z1 = TOps.MultiplyAdd(TOps.Create(x1), w, z1);
                z2 = TOps.MultiplyAdd(TOps.Create(x2), w, z2);
                z3 = TOps.MultiplyAdd(TOps.Create(x3), w, z3);
                if (TInputs.Value > 1)
                {
                    w = TOps.Load(ref Unsafe.Add(ref wj, units), 0);
                    z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, 1)), w, z0);
                    z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, 1)), w, z1);
                    z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, 1)), w, z2);
                    z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, 1)), w, z3);
                }

                if (TInputs.Value > 2)
                {
                    w = TOps.Load(ref Unsafe.Add(ref wj, 2 * units), 0);
                    z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, 2)), w, z0);
                    z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, 2)), w, z1);
                    z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, 2)), w, z2);
                    z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, 2)), w, z3);
                }

                if (TInputs.Value > 3)
                {
                    w = TOps.Load(ref Unsafe.Add(ref wj, 3 * units), 0);
                    z0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, 3)), w, z0);
                    z1 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x1, 3)), w, z1);
                    z2 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x2, 3)), w, z2);
                    z3 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x3, 3)), w, z3);
                }
            }

            // h' = relu(z) ⊙ keep, keep being 0 or 1 (the hidden activation without the dropout scale, see the summary)
            if (TMask.Source == MaskMode.Hashed)
            {
                TOps.ReluMask(first, dropout, ref z0, ref z1);
                TOps.ReluMask(second, dropout, ref z2, ref z3);
            }
            else
            {
                z0 = TOps.Relu(z0);
                z1 = TOps.Relu(z1);
                z2 = TOps.Relu(z2);
                z3 = TOps.Relu(z3);
                if (TMask.Source == MaskMode.Given)
                {
                    ref var keep = ref Unsafe.Add(ref factors, j);
                    z0 = TOps.Multiply(z0, TOps.Load(ref keep, 0));
                    z1 = TOps.Multiply(z1, TOps.Load(ref Unsafe.Add(ref keep, units), 0));
                    z2 = TOps.Multiply(z2, TOps.Load(ref Unsafe.Add(ref keep, 2 * units), 0));
                    z3 = TOps.Multiply(z3, TOps.Load(ref Unsafe.Add(ref keep, 3 * units), 0));
                }
            }

            if (keepActivations)
            {
                ref var hj = ref Unsafe.Add(ref h, j * ChunkRows);
                TOps.Store(z0, ref hj, 0);
                TOps.Store(z1, ref hj, n);
                TOps.Store(z2, ref hj, 2 * n);
                TOps.Store(z3, ref hj, 3 * n);
            }

            // logits += h·W2ᵀ
            ref var w2j = ref Unsafe.Add(ref w2, j);
            var v0 = TOps.Load(ref w2j, 0);
            var v1 = TOps.Load(ref Unsafe.Add(ref w2j, units), 0);
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
                var v2 = TOps.Load(ref Unsafe.Add(ref w2j, 2 * units), 0);
                a02 = TOps.MultiplyAdd(z0, v2, a02);
                a12 = TOps.MultiplyAdd(z1, v2, a12);
                a22 = TOps.MultiplyAdd(z2, v2, a22);
                a32 = TOps.MultiplyAdd(z3, v2, a32);
            }

            if (TClasses.Value > 3)
            {
                var v3 = TOps.Load(ref Unsafe.Add(ref w2j, 3 * units), 0);
                a03 = TOps.MultiplyAdd(z0, v3, a03);
                a13 = TOps.MultiplyAdd(z1, v3, a13);
                a23 = TOps.MultiplyAdd(z2, v3, a23);
                a33 = TOps.MultiplyAdd(z3, v3, a33);
            }
        }

        nint classStride = logitStride;
        TOps.Sum4(a00, a10, a20, a30).StoreUnsafe(ref logits);
        TOps.Sum4(a01, a11, a21, a31).StoreUnsafe(ref Unsafe.Add(ref logits, classStride));
        if (TClasses.Value > 2)
        {
            TOps.Sum4(a02, a12, a22, a32).StoreUnsafe(ref Unsafe.Add(ref logits, 2 * classStride));
        }

        if (TClasses.Value > 3)
        {
            TOps.Sum4(a03, a13, a23, a33).StoreUnsafe(ref Unsafe.Add(ref logits, 3 * classStride));
        }
    }

    // xs (blocks·4 rows, sIn: x·s, nIn used), h' (the chunk layout, see the summary), W2ᵀ (classes rows of sH),
    // dl[c·ChunkRows + row] = dLoss/dlogit (class-major), s = 1/(1 − rate)
    // -> the chunk's dW2'ᵀ[c] = Σ_r dl[r, c]·h'[r] (dW2 = s·dW2', see the summary); dz[r] = s·(Σ_c dl[r, c]·W2ᵀ[c]) where
    //    h'[r] > 0, else 0; db1 = Σ_r dz[r]; dW1[i] = Σ_r x[r, i]·dz[r]: four rows at a time, summed over the chunk in
    //    float, then stored into dw2, db1, dw1 or, intoSums, added into their double sums (FastTensors.GradientSums).
    //    With more than four inputs (TInputs Any) the chunk's dW1 is instead added into dw1 in memory, block by block,
    //    and moving it into the sums is the caller's.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TOps, TV, TClasses, TInputs>(
        ref float xs, int sIn, int nIn, ref float h, int sH, int blocks, ref float w2, ref float dl, float scale,
        ref float dw2, ref float dw1, ref float db1, bool intoSums, ref double dw2Sums, ref double dw1Sums, ref double db1Sums)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount
        where TInputs : struct, ICount
    {
        var n = TOps.Count;
        var zero = TOps.Zero;
        var factor = TOps.Create(scale);
        nint stride = TInputs.Value > 0 ? FastNetwork.Padding : sIn;
        nint units = sH;
        nint count = blocks;
        for (nint j = 0; j < units; j += n)
        {
            ref var w2j = ref Unsafe.Add(ref w2, j);
            var v0 = TOps.Load(ref w2j, 0);
            var v1 = TOps.Load(ref Unsafe.Add(ref w2j, units), 0);
            var v2 = TClasses.Value > 2 ? TOps.Load(ref Unsafe.Add(ref w2j, 2 * units), 0) : zero;
            var v3 = TClasses.Value > 3 ? TOps.Load(ref Unsafe.Add(ref w2j, 3 * units), 0) : zero;

            // The chunk's gradients of this unit vector: dW2' per class, db1, dW1 per input (up to four).
            TV g0 = zero, g1 = zero, g2 = zero, g3 = zero, db = zero, e0 = zero, e1 = zero, e2 = zero, e3 = zero;
            ref var hj = ref Unsafe.Add(ref h, j * ChunkRows);
            for (nint b = 0; b < count; b++)
            {
                ref var hb = ref Unsafe.Add(ref hj, b * Rows * n);
                ref var d = ref Unsafe.Add(ref dl, b * Rows);
                var dz0 = Row<TOps, TV, TClasses>(TOps.Load(ref hb, 0), ref d, 0, v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
                var dz1 = Row<TOps, TV, TClasses>(TOps.Load(ref hb, n), ref d, 1, v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
                var dz2 = Row<TOps, TV, TClasses>(TOps.Load(ref hb, 2 * n), ref d, 2, v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
                var dz3 = Row<TOps, TV, TClasses>(TOps.Load(ref hb, 3 * n), ref d, 3, v0, v1, v2, v3, ref g0, ref g1, ref g2, ref g3);
                db = TOps.MultiplyAdd(TOps.Add(TOps.Add(dz0, dz1), TOps.Add(dz2, dz3)), factor, db);
                ref var x0 = ref Unsafe.Add(ref xs, b * Rows * stride);
                if (TInputs.Value > 0)
                {
                    e0 = WeightRow<TOps, TV>(e0, ref x0, stride, dz0, dz1, dz2, dz3);
                    if (TInputs.Value > 1)
                    {
                        e1 = WeightRow<TOps, TV>(e1, ref Unsafe.Add(ref x0, 1), stride, dz0, dz1, dz2, dz3);
                    }

                    if (TInputs.Value > 2)
                    {
                        e2 = WeightRow<TOps, TV>(e2, ref Unsafe.Add(ref x0, 2), stride, dz0, dz1, dz2, dz3);
                    }

                    if (TInputs.Value > 3)
                    {
                        e3 = WeightRow<TOps, TV>(e3, ref Unsafe.Add(ref x0, 3), stride, dz0, dz1, dz2, dz3);
                    }
                }
                else
                {
                    for (var i = 0; i < nIn; i++)
                    {
                        ref var dw = ref Unsafe.Add(ref dw1, (i * units) + j);
                        TOps.Store(WeightRow<TOps, TV>(TOps.Load(ref dw, 0), ref Unsafe.Add(ref x0, i), stride, dz0, dz1, dz2, dz3), ref dw, 0);
                    }
                }
            }

            ref var dw2j = ref Unsafe.Add(ref dw2, j);
            ref var dw2Sumsj = ref Unsafe.Add(ref dw2Sums, j);
            Put<TOps, TV>(g0, ref dw2j, ref dw2Sumsj, 0, intoSums);
            Put<TOps, TV>(g1, ref dw2j, ref dw2Sumsj, units, intoSums);
            if (TClasses.Value > 2)
            {
                Put<TOps, TV>(g2, ref dw2j, ref dw2Sumsj, 2 * units, intoSums);
            }

            if (TClasses.Value > 3)
            {
                Put<TOps, TV>(g3, ref dw2j, ref dw2Sumsj, 3 * units, intoSums);
            }

            Put<TOps, TV>(db, ref Unsafe.Add(ref db1, j), ref Unsafe.Add(ref db1Sums, j), 0, intoSums);
            if (TInputs.Value > 0)
            {
                ref var dw1j = ref Unsafe.Add(ref dw1, j);
                ref var dw1Sumsj = ref Unsafe.Add(ref dw1Sums, j);
                Put<TOps, TV>(e0, ref dw1j, ref dw1Sumsj, 0, intoSums);
                if (TInputs.Value > 1)
                {
                    Put<TOps, TV>(e1, ref dw1j, ref dw1Sumsj, units, intoSums);
                }

                if (TInputs.Value > 2)
                {
                    Put<TOps, TV>(e2, ref dw1j, ref dw1Sumsj, 2 * units, intoSums);
                }

                if (TInputs.Value > 3)
                {
                    Put<TOps, TV>(e3, ref dw1j, ref dw1Sumsj, 3 * units, intoSums);
                }
            }
        }
    }

    // One row r of a block: dW2'ᵀ[c] += d_c·h' with d_c = dl[c·ChunkRows + r]; returns Σ_c d_c·W2ᵀ[c] where h' > 0, else 0 (h' > 0
    // exactly where the unit was kept and its ReLU was active); the caller applies the scale.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Row<TOps, TV, TClasses>(
        TV h, ref float dl, int r, TV v0, TV v1, TV v2, TV v3, ref TV g0, ref TV g1, ref TV g2, ref TV g3)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, ICount
    {
        var d0 = TOps.Create(Unsafe.Add(ref dl, r));
        var d1 = TOps.Create(Unsafe.Add(ref dl, ChunkRows + r));
        g0 = TOps.MultiplyAdd(d0, h, g0);
        g1 = TOps.MultiplyAdd(d1, h, g1);
        var dh = TOps.MultiplyAdd(d1, v1, TOps.Multiply(d0, v0));
        if (TClasses.Value > 2)
        {
            var d2 = TOps.Create(Unsafe.Add(ref dl, (2 * ChunkRows) + r));
            g2 = TOps.MultiplyAdd(d2, h, g2);
            dh = TOps.MultiplyAdd(d2, v2, dh);
        }

        if (TClasses.Value > 3)
        {
            var d3 = TOps.Create(Unsafe.Add(ref dl, (3 * ChunkRows) + r));
            g3 = TOps.MultiplyAdd(d3, h, g3);
            dh = TOps.MultiplyAdd(d3, v3, dh);
        }

        return TOps.WherePositive(h, dh);
    }

    // dW1[i] (one vector) + Σ_r xs[r, i]·dz[r], the four rows' scaled inputs at x, x + stride, …; as two chains of two so
    // that the four FMAs are not one serial chain.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV WeightRow<TOps, TV>(TV dw, ref float x, nint stride, TV dz0, TV dz1, TV dz2, TV dz3)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var first = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, stride)), dz1, TOps.MultiplyAdd(TOps.Create(x), dz0, dw));
        var second = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref x, 3 * stride)), dz3, TOps.Multiply(TOps.Create(Unsafe.Add(ref x, 2 * stride)), dz2));
        return TOps.Add(first, second);
    }

    // destination[offset …] = value; or, intoSums, sums[offset …] += value in double.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TOps, TV>(TV value, ref float destination, ref double sums, nint offset, bool intoSums)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        if (intoSums)
        {
            TOps.AddInto(value, ref Unsafe.Add(ref sums, offset), 0);
        }
        else
        {
            TOps.Store(value, ref Unsafe.Add(ref destination, offset), 0);
        }
    }
}
