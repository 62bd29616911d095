using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// Register-blocked matrix products for layers stored in column panels (<see cref="WeightOrder.Panels"/>): a tile of
/// four rows × <typeparamref name="TCols"/> vectors lives in registers (16 accumulators with four vectors), fed by one
/// broadcast per row and one load per vector per step of the shared dimension. Row counts are multiples of four
/// (callers pad with zero rows). What happens to a tile before it is stored (bias, ReLU, dropout mask and scale) is done
/// in registers, in the kernel's epilogue.
/// </summary>
internal static class GemmKernels
{
    /// <summary>Rows of a tile; a tile starts at an even row, so it holds whole row pairs of the dropout hash.</summary>
    public const int TileRows = 4;

    /// <summary>
    /// Steps of the shared dimension per pass over a panel: 256 × 64 floats of a panel (64 KiB with AVX-512) stay in L1
    /// and L2's nearest ways while every row tile of the chunk streams past them.
    /// </summary>
    public const int DepthBlock = 256;

    // a (rows, sA: the first `depth` used), panel (depth, width = TCols·n, row-major), bias (width)
    // -> z (rows, sZ: columns [0, width)) = epilogue(a·panel + bias)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardPanel<TOps, TV, TCols>(ref float a, int sA, int rows, int depth, ref float panel, ref float bias, ref float z, int sZ, in TileEpilogue epilogue)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TCols : struct, ICount
    {
        var n = TOps.Count;
        var width = TCols.Value * n;
        for (var k0 = 0; k0 < depth; k0 += DepthBlock)
        {
            var steps = Math.Min(DepthBlock, depth - k0);
            var last = k0 + steps == depth;
            for (var r = 0; r < rows; r += TileRows)
            {
                ref var x0 = ref Unsafe.Add(ref a, (r * sA) + k0);
                ref var x1 = ref Unsafe.Add(ref x0, sA);
                ref var x2 = ref Unsafe.Add(ref x1, sA);
                ref var x3 = ref Unsafe.Add(ref x2, sA);
                ref var z0 = ref Unsafe.Add(ref z, r * sZ);
                ref var z1 = ref Unsafe.Add(ref z0, sZ);
                ref var z2 = ref Unsafe.Add(ref z1, sZ);
                ref var z3 = ref Unsafe.Add(ref z2, sZ);
                TV c00, c01 = default, c02 = default, c03 = default;
                TV c10, c11 = default, c12 = default, c13 = default;
                TV c20, c21 = default, c22 = default, c23 = default;
                TV c30, c31 = default, c32 = default, c33 = default;
                if (k0 == 0)
                {
                    c00 = c10 = c20 = c30 = TOps.Load(ref bias, 0);
                    if (TCols.Value > 1)
                    {
                        c01 = c11 = c21 = c31 = TOps.Load(ref bias, n);
                    }

                    if (TCols.Value > 2)
                    {
                        c02 = c12 = c22 = c32 = TOps.Load(ref bias, 2 * n);
                    }

                    if (TCols.Value > 3)
                    {
                        c03 = c13 = c23 = c33 = TOps.Load(ref bias, 3 * n);
                    }
                }
                else
                {
                    c00 = TOps.Load(ref z0, 0);
                    c10 = TOps.Load(ref z1, 0);
                    c20 = TOps.Load(ref z2, 0);
                    c30 = TOps.Load(ref z3, 0);
                    if (TCols.Value > 1)
                    {
                        (c01, c11, c21, c31) = (TOps.Load(ref z0, n), TOps.Load(ref z1, n), TOps.Load(ref z2, n), TOps.Load(ref z3, n));
                    }

                    if (TCols.Value > 2)
                    {
                        (c02, c12, c22, c32) = (TOps.Load(ref z0, 2 * n), TOps.Load(ref z1, 2 * n), TOps.Load(ref z2, 2 * n), TOps.Load(ref z3, 2 * n));
                    }

                    if (TCols.Value > 3)
                    {
                        (c03, c13, c23, c33) = (TOps.Load(ref z0, 3 * n), TOps.Load(ref z1, 3 * n), TOps.Load(ref z2, 3 * n), TOps.Load(ref z3, 3 * n));
                    }
                }

                ref var w = ref Unsafe.Add(ref panel, k0 * width);
                for (var k = 0; k < steps; k++)
                {
                    var w0 = TOps.Load(ref w, 0);
                    var w1 = TCols.Value > 1 ? TOps.Load(ref w, n) : default;
                    var w2 = TCols.Value > 2 ? TOps.Load(ref w, 2 * n) : default;
                    var w3 = TCols.Value > 3 ? TOps.Load(ref w, 3 * n) : default;
                    var x = TOps.Create(Unsafe.Add(ref x0, k));
                    c00 = TOps.MultiplyAdd(x, w0, c00);
                    if (TCols.Value > 1)
                    {
                        c01 = TOps.MultiplyAdd(x, w1, c01);
                    }

                    if (TCols.Value > 2)
                    {
                        c02 = TOps.MultiplyAdd(x, w2, c02);
                    }

                    if (TCols.Value > 3)
                    {
                        c03 = TOps.MultiplyAdd(x, w3, c03);
                    }

                    x = TOps.Create(Unsafe.Add(ref x1, k));
                    c10 = TOps.MultiplyAdd(x, w0, c10);
                    if (TCols.Value > 1)
                    {
                        c11 = TOps.MultiplyAdd(x, w1, c11);
                    }

                    if (TCols.Value > 2)
                    {
                        c12 = TOps.MultiplyAdd(x, w2, c12);
                    }

                    if (TCols.Value > 3)
                    {
                        c13 = TOps.MultiplyAdd(x, w3, c13);
                    }

                    x = TOps.Create(Unsafe.Add(ref x2, k));
                    c20 = TOps.MultiplyAdd(x, w0, c20);
                    if (TCols.Value > 1)
                    {
                        c21 = TOps.MultiplyAdd(x, w1, c21);
                    }

                    if (TCols.Value > 2)
                    {
                        c22 = TOps.MultiplyAdd(x, w2, c22);
                    }

                    if (TCols.Value > 3)
                    {
                        c23 = TOps.MultiplyAdd(x, w3, c23);
                    }

                    x = TOps.Create(Unsafe.Add(ref x3, k));
                    c30 = TOps.MultiplyAdd(x, w0, c30);
                    if (TCols.Value > 1)
                    {
                        c31 = TOps.MultiplyAdd(x, w1, c31);
                    }

                    if (TCols.Value > 2)
                    {
                        c32 = TOps.MultiplyAdd(x, w2, c32);
                    }

                    if (TCols.Value > 3)
                    {
                        c33 = TOps.MultiplyAdd(x, w3, c33);
                    }

                    w = ref Unsafe.Add(ref w, width);
                }

                TOps.Store(c00, ref z0, 0);
                TOps.Store(c10, ref z1, 0);
                TOps.Store(c20, ref z2, 0);
                TOps.Store(c30, ref z3, 0);
                if (TCols.Value > 1)
                {
                    TOps.Store(c01, ref z0, n);
                    TOps.Store(c11, ref z1, n);
                    TOps.Store(c21, ref z2, n);
                    TOps.Store(c31, ref z3, n);
                }

                if (TCols.Value > 2)
                {
                    TOps.Store(c02, ref z0, 2 * n);
                    TOps.Store(c12, ref z1, 2 * n);
                    TOps.Store(c22, ref z2, 2 * n);
                    TOps.Store(c32, ref z3, 2 * n);
                }

                if (TCols.Value > 3)
                {
                    TOps.Store(c03, ref z0, 3 * n);
                    TOps.Store(c13, ref z1, 3 * n);
                    TOps.Store(c23, ref z2, 3 * n);
                    TOps.Store(c33, ref z3, 3 * n);
                }

                // From L1, not from the accumulators: handing registers to another method by reference would make the
                // JIT keep them in memory through the whole loop above.
                if (last && epilogue.Activation != Activation.Linear)
                {
                    epilogue.Apply<TOps, TV>(r, width, ref z0, sZ);
                }
            }
        }
    }

    // g (rows, sG: columns [0, width) used) -> packed (rows, width). The weight-gradient kernel reads a panel of g once per
    // four inputs; rows 1 KiB apart (a 256-wide layer) fall into a quarter of L1's sets and evict each other, rows
    // `width` apart do not.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackColumns<TOps, TV>(ref float g, int sG, int rows, int width, ref float packed)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        for (var r = 0; r < rows; r++)
        {
            ref var from = ref Unsafe.Add(ref g, r * sG);
            ref var to = ref Unsafe.Add(ref packed, r * width);
            for (var j = 0; j < width; j += n)
            {
                TOps.Store(TOps.Load(ref from, j), ref to, j);
            }
        }
    }

    // a (rows, sA: the first `depth` used, depth a multiple of 4), g (rows, sG: columns [0, width) used)
    // -> panel (depth, width = TCols·n) = aᵀ·g, assigned (rows of the panel beyond depth are left alone)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightsPanel<TOps, TV, TCols>(ref float a, int sA, int rows, int depth, ref float g, int sG, ref float panel)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TCols : struct, ICount
    {
        var n = TOps.Count;
        var width = TCols.Value * n;
        for (var k = 0; k < depth; k += TileRows)
        {
            TV c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
            TV c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
            TV c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
            TV c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
            ref var x = ref Unsafe.Add(ref a, k);
            ref var gr = ref g;
            for (var r = 0; r < rows; r++)
            {
                var g0 = TOps.Load(ref gr, 0);
                var g1 = TCols.Value > 1 ? TOps.Load(ref gr, n) : default;
                var g2 = TCols.Value > 2 ? TOps.Load(ref gr, 2 * n) : default;
                var g3 = TCols.Value > 3 ? TOps.Load(ref gr, 3 * n) : default;
                var xk = TOps.Create(x);
                c00 = TOps.MultiplyAdd(xk, g0, c00);
                if (TCols.Value > 1)
                {
                    c01 = TOps.MultiplyAdd(xk, g1, c01);
                }

                if (TCols.Value > 2)
                {
                    c02 = TOps.MultiplyAdd(xk, g2, c02);
                }

                if (TCols.Value > 3)
                {
                    c03 = TOps.MultiplyAdd(xk, g3, c03);
                }

                xk = TOps.Create(Unsafe.Add(ref x, 1));
                c10 = TOps.MultiplyAdd(xk, g0, c10);
                if (TCols.Value > 1)
                {
                    c11 = TOps.MultiplyAdd(xk, g1, c11);
                }

                if (TCols.Value > 2)
                {
                    c12 = TOps.MultiplyAdd(xk, g2, c12);
                }

                if (TCols.Value > 3)
                {
                    c13 = TOps.MultiplyAdd(xk, g3, c13);
                }

                xk = TOps.Create(Unsafe.Add(ref x, 2));
                c20 = TOps.MultiplyAdd(xk, g0, c20);
                if (TCols.Value > 1)
                {
                    c21 = TOps.MultiplyAdd(xk, g1, c21);
                }

                if (TCols.Value > 2)
                {
                    c22 = TOps.MultiplyAdd(xk, g2, c22);
                }

                if (TCols.Value > 3)
                {
                    c23 = TOps.MultiplyAdd(xk, g3, c23);
                }

                xk = TOps.Create(Unsafe.Add(ref x, 3));
                c30 = TOps.MultiplyAdd(xk, g0, c30);
                if (TCols.Value > 1)
                {
                    c31 = TOps.MultiplyAdd(xk, g1, c31);
                }

                if (TCols.Value > 2)
                {
                    c32 = TOps.MultiplyAdd(xk, g2, c32);
                }

                if (TCols.Value > 3)
                {
                    c33 = TOps.MultiplyAdd(xk, g3, c33);
                }

                x = ref Unsafe.Add(ref x, sA);
                gr = ref Unsafe.Add(ref gr, sG);
            }

            ref var p0 = ref Unsafe.Add(ref panel, k * width);
            ref var p1 = ref Unsafe.Add(ref p0, width);
            ref var p2 = ref Unsafe.Add(ref p1, width);
            ref var p3 = ref Unsafe.Add(ref p2, width);
            TOps.Store(c00, ref p0, 0);
            TOps.Store(c10, ref p1, 0);
            TOps.Store(c20, ref p2, 0);
            TOps.Store(c30, ref p3, 0);
            if (TCols.Value > 1)
            {
                TOps.Store(c01, ref p0, n);
                TOps.Store(c11, ref p1, n);
                TOps.Store(c21, ref p2, n);
                TOps.Store(c31, ref p3, n);
            }

            if (TCols.Value > 2)
            {
                TOps.Store(c02, ref p0, 2 * n);
                TOps.Store(c12, ref p1, 2 * n);
                TOps.Store(c22, ref p2, 2 * n);
                TOps.Store(c32, ref p3, 2 * n);
            }

            if (TCols.Value > 3)
            {
                TOps.Store(c03, ref p0, 3 * n);
                TOps.Store(c13, ref p1, 3 * n);
                TOps.Store(c23, ref p2, 3 * n);
                TOps.Store(c33, ref p3, 3 * n);
            }
        }
    }

    // g (rows, sG), W in panels of `panelWidth` over `sG` outputs (each panel sIn rows), h (rows, sIn)
    // -> h[r, i] = h[r, i] > 0 ? scale·Σ_j g[r, j]·W[i, j] : 0 for i < inputs: the input gradient of a panelled layer
    // through the ReLU and dropout mask of the layer below (h > 0 exactly where that unit was active and kept), in place.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InputFromPanels<TOps, TV>(ref float g, int sG, int rows, ref float w, int panelWidth, int sIn, int inputs, ref float h, float scale)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        for (var r = 0; r < rows; r += TileRows)
        {
            ref var g0 = ref Unsafe.Add(ref g, r * sG);
            ref var g1 = ref Unsafe.Add(ref g0, sG);
            ref var g2 = ref Unsafe.Add(ref g1, sG);
            ref var g3 = ref Unsafe.Add(ref g2, sG);
            for (var i = 0; i < inputs; i++)
            {
                TV a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
                for (var start = 0; start < sG; start += panelWidth)
                {
                    var width = Math.Min(panelWidth, sG - start);
                    ref var wi = ref Unsafe.Add(ref w, (start * sIn) + (i * width));
                    for (var c = 0; c < width; c += n)
                    {
                        var v = TOps.Load(ref wi, c);
                        a0 = TOps.MultiplyAdd(TOps.Load(ref g0, start + c), v, a0);
                        a1 = TOps.MultiplyAdd(TOps.Load(ref g1, start + c), v, a1);
                        a2 = TOps.MultiplyAdd(TOps.Load(ref g2, start + c), v, a2);
                        a3 = TOps.MultiplyAdd(TOps.Load(ref g3, start + c), v, a3);
                    }
                }

                var sums = TOps.Sum4(a0, a1, a2, a3);
                for (var q = 0; q < TileRows; q++)
                {
                    ref var hq = ref Unsafe.Add(ref h, ((r + q) * sIn) + i);
                    hq = hq > 0 ? sums.GetElement(q) * scale : 0f;
                }
            }
        }
    }

    // g (rows, sG), Wᵀ (outputs, sIn), h (rows, sIn) -> h[r] = h[r] > 0 ? scale·Σ_j g[r, j]·Wᵀ[j] : 0 (lane-wise, in
    // place): the input gradient of a column-major layer through the ReLU and dropout mask of the layer below.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InputFromColumns<TOps, TV>(ref float g, int sG, int rows, int outputs, ref float wt, ref float h, int sIn, float scale)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        var factor = TOps.Create(scale);
        for (var r = 0; r < rows; r++)
        {
            ref var gr = ref Unsafe.Add(ref g, r * sG);
            ref var hr = ref Unsafe.Add(ref h, r * sIn);
            var i = 0;
            for (; i + (2 * n) <= sIn; i += 2 * n)
            {
                TV a0 = TOps.Zero, a1 = TOps.Zero;
                for (var j = 0; j < outputs; j++)
                {
                    var gj = TOps.Create(Unsafe.Add(ref gr, j));
                    a0 = TOps.MultiplyAdd(gj, TOps.Load(ref wt, (j * sIn) + i), a0);
                    a1 = TOps.MultiplyAdd(gj, TOps.Load(ref wt, (j * sIn) + i + n), a1);
                }

                TOps.Store(TOps.WherePositive(TOps.Load(ref hr, i), TOps.Multiply(a0, factor)), ref hr, i);
                TOps.Store(TOps.WherePositive(TOps.Load(ref hr, i + n), TOps.Multiply(a1, factor)), ref hr, i + n);
            }

            for (; i < sIn; i += n)
            {
                var a0 = TOps.Zero;
                for (var j = 0; j < outputs; j++)
                {
                    a0 = TOps.MultiplyAdd(TOps.Create(Unsafe.Add(ref gr, j)), TOps.Load(ref wt, (j * sIn) + i), a0);
                }

                TOps.Store(TOps.WherePositive(TOps.Load(ref hr, i), TOps.Multiply(a0, factor)), ref hr, i);
            }
        }
    }

    // g (rows, s) -> db (s) = Σ_rows g
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnSums<TOps, TV>(ref float g, int s, int rows, ref float db)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        for (var j = 0; j < s; j += n)
        {
            var sum = TOps.Zero;
            for (var r = 0; r < rows; r++)
            {
                sum = TOps.Add(sum, TOps.Load(ref g, (r * s) + j));
            }

            TOps.Store(sum, ref db, j);
        }
    }
}
