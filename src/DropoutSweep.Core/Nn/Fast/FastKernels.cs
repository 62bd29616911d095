using System.Runtime.CompilerServices;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The fast paths' kernels other than the GEMM tiles: narrow (column-major, <see cref="WeightOrder.ColumnMajor"/>)
/// layers as dot products, ReLU and dropout, regularisation and the optimizers. Matrices are row-major float32 with a row
/// stride padded to a whole number of vectors; padding lanes hold zeros and stay zero.
/// </summary>
internal static class FastKernels
{
    // x (rows, sIn), Wᵀ (nOut, sIn), b (nOut) -> z[r, j] = x[r]·Wᵀ[j] + b[j] for j < nOut (rows, sOut).
    // Four rows and two outputs at a time: eight independent FMA chains hide the FMA latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardColumns<TOps, TV>(ref float x, int sIn, int rows, int nOut, ref float wt, ref float b, ref float z, int sOut)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref var x0 = ref Unsafe.Add(ref x, r * sIn);
            ref var x1 = ref Unsafe.Add(ref x0, sIn);
            ref var x2 = ref Unsafe.Add(ref x1, sIn);
            ref var x3 = ref Unsafe.Add(ref x2, sIn);
            var j = 0;
            for (; j + 2 <= nOut; j += 2)
            {
                ref var w0 = ref Unsafe.Add(ref wt, j * sIn);
                ref var w1 = ref Unsafe.Add(ref w0, sIn);
                TV a00 = TOps.Zero, a10 = TOps.Zero, a20 = TOps.Zero, a30 = TOps.Zero;
                TV a01 = TOps.Zero, a11 = TOps.Zero, a21 = TOps.Zero, a31 = TOps.Zero;
                for (var i = 0; i < sIn; i += n)
                {
                    var v0 = TOps.Load(ref w0, i);
                    var v1 = TOps.Load(ref w1, i);
                    var h = TOps.Load(ref x0, i);
                    a00 = TOps.MultiplyAdd(h, v0, a00);
                    a01 = TOps.MultiplyAdd(h, v1, a01);
                    h = TOps.Load(ref x1, i);
                    a10 = TOps.MultiplyAdd(h, v0, a10);
                    a11 = TOps.MultiplyAdd(h, v1, a11);
                    h = TOps.Load(ref x2, i);
                    a20 = TOps.MultiplyAdd(h, v0, a20);
                    a21 = TOps.MultiplyAdd(h, v1, a21);
                    h = TOps.Load(ref x3, i);
                    a30 = TOps.MultiplyAdd(h, v0, a30);
                    a31 = TOps.MultiplyAdd(h, v1, a31);
                }

                var b0 = Unsafe.Add(ref b, j);
                var b1 = Unsafe.Add(ref b, j + 1);
                ref var zr = ref Unsafe.Add(ref z, (r * sOut) + j);
                zr = TOps.Sum(a00) + b0;
                Unsafe.Add(ref zr, 1) = TOps.Sum(a01) + b1;
                Unsafe.Add(ref zr, sOut) = TOps.Sum(a10) + b0;
                Unsafe.Add(ref zr, sOut + 1) = TOps.Sum(a11) + b1;
                Unsafe.Add(ref zr, 2 * sOut) = TOps.Sum(a20) + b0;
                Unsafe.Add(ref zr, (2 * sOut) + 1) = TOps.Sum(a21) + b1;
                Unsafe.Add(ref zr, 3 * sOut) = TOps.Sum(a30) + b0;
                Unsafe.Add(ref zr, (3 * sOut) + 1) = TOps.Sum(a31) + b1;
            }

            for (; j < nOut; j++)
            {
                ref var w0 = ref Unsafe.Add(ref wt, j * sIn);
                TV a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
                for (var i = 0; i < sIn; i += n)
                {
                    var v0 = TOps.Load(ref w0, i);
                    a0 = TOps.MultiplyAdd(TOps.Load(ref x0, i), v0, a0);
                    a1 = TOps.MultiplyAdd(TOps.Load(ref x1, i), v0, a1);
                    a2 = TOps.MultiplyAdd(TOps.Load(ref x2, i), v0, a2);
                    a3 = TOps.MultiplyAdd(TOps.Load(ref x3, i), v0, a3);
                }

                var bj = Unsafe.Add(ref b, j);
                ref var zr = ref Unsafe.Add(ref z, (r * sOut) + j);
                zr = TOps.Sum(a0) + bj;
                Unsafe.Add(ref zr, sOut) = TOps.Sum(a1) + bj;
                Unsafe.Add(ref zr, 2 * sOut) = TOps.Sum(a2) + bj;
                Unsafe.Add(ref zr, 3 * sOut) = TOps.Sum(a3) + bj;
            }
        }

        for (; r < rows; r++)
        {
            ref var xr = ref Unsafe.Add(ref x, r * sIn);
            for (var j = 0; j < nOut; j++)
            {
                ref var wj = ref Unsafe.Add(ref wt, j * sIn);
                var a = TOps.Zero;
                for (var i = 0; i < sIn; i += n)
                {
                    a = TOps.MultiplyAdd(TOps.Load(ref xr, i), TOps.Load(ref wj, i), a);
                }

                Unsafe.Add(ref z, (r * sOut) + j) = TOps.Sum(a) + Unsafe.Add(ref b, j);
            }
        }
    }

    // x (rows, sIn), g (rows, sOut) -> dWᵀ (nOut, sIn) += gᵀ·x, db (nOut) += Σ_rows g
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightsColumns<TOps, TV>(ref float x, int sIn, int rows, int nOut, ref float g, int sOut, ref float dwt, ref float db)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        for (var j = 0; j < nOut; j++)
        {
            var bias = Unsafe.Add(ref db, j);
            for (var r = 0; r < rows; r++)
            {
                bias += Unsafe.Add(ref g, (r * sOut) + j);
            }

            Unsafe.Add(ref db, j) = bias;
            ref var dwj = ref Unsafe.Add(ref dwt, j * sIn);
            var r0 = 0;

            // Eight rows per pass over dWᵀ[j] (two chains of four): for wide inputs (784→128) dWᵀ lives in L2, and
            // each pass costs a load and a store of all of it.
            for (; r0 + 8 <= rows; r0 += 8)
            {
                ref var gj = ref Unsafe.Add(ref g, (r0 * sOut) + j);
                var g0 = TOps.Create(gj);
                var g1 = TOps.Create(Unsafe.Add(ref gj, sOut));
                var g2 = TOps.Create(Unsafe.Add(ref gj, 2 * sOut));
                var g3 = TOps.Create(Unsafe.Add(ref gj, 3 * sOut));
                var g4 = TOps.Create(Unsafe.Add(ref gj, 4 * sOut));
                var g5 = TOps.Create(Unsafe.Add(ref gj, 5 * sOut));
                var g6 = TOps.Create(Unsafe.Add(ref gj, 6 * sOut));
                var g7 = TOps.Create(Unsafe.Add(ref gj, 7 * sOut));
                ref var x0 = ref Unsafe.Add(ref x, r0 * sIn);
                for (var i = 0; i < sIn; i += n)
                {
                    var acc = TOps.Load(ref dwj, i);
                    var other = TOps.Multiply(g4, TOps.Load(ref x0, (4 * sIn) + i));
                    acc = TOps.MultiplyAdd(g0, TOps.Load(ref x0, i), acc);
                    other = TOps.MultiplyAdd(g5, TOps.Load(ref x0, (5 * sIn) + i), other);
                    acc = TOps.MultiplyAdd(g1, TOps.Load(ref x0, sIn + i), acc);
                    other = TOps.MultiplyAdd(g6, TOps.Load(ref x0, (6 * sIn) + i), other);
                    acc = TOps.MultiplyAdd(g2, TOps.Load(ref x0, (2 * sIn) + i), acc);
                    other = TOps.MultiplyAdd(g7, TOps.Load(ref x0, (7 * sIn) + i), other);
                    acc = TOps.MultiplyAdd(g3, TOps.Load(ref x0, (3 * sIn) + i), acc);
                    TOps.Store(TOps.Add(acc, other), ref dwj, i);
                }
            }

            for (; r0 < rows; r0++)
            {
                var gr = TOps.Create(Unsafe.Add(ref g, (r0 * sOut) + j));
                ref var xr = ref Unsafe.Add(ref x, r0 * sIn);
                for (var i = 0; i < sIn; i += n)
                {
                    TOps.Store(TOps.MultiplyAdd(gr, TOps.Load(ref xr, i), TOps.Load(ref dwj, i)), ref dwj, i);
                }
            }
        }
    }

    // z (rows, s) in place -> h = max(0, z) ⊙ mask, the mask hashed from (row pair key, unit): ReLU and dropout in one
    // pass. Rows come in pairs (firstRow even, rows even): one hash gives the masks of both rows of a pair.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluDropout<TOps, TV>(ref float z, int s, int rows, ref uint unitSteps, ulong stepKey, int firstRow, uint dropThreshold, float scale)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        var dropout = TOps.DropoutVectors(dropThreshold, scale);
        for (var r = 0; r < rows; r += 2)
        {
            var pairKey = TOps.Key(HashDropoutMasks.PairKey(stepKey, firstRow + r));
            ref var even = ref Unsafe.Add(ref z, r * s);
            ref var odd = ref Unsafe.Add(ref even, s);
            for (var j = 0; j < s; j += n)
            {
                var evenRow = TOps.Relu(TOps.Load(ref even, j));
                var oddRow = TOps.Relu(TOps.Load(ref odd, j));
                TOps.Drop(pairKey, ref unitSteps, j, dropout, ref evenRow, ref oddRow);
                TOps.Store(evenRow, ref even, j);
                TOps.Store(oddRow, ref odd, j);
            }
        }
    }

    // z (rows, s) in place -> max(0, z) (no dropout: evaluation, or rate 0)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu<TOps, TV>(ref float z, int count)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        for (var k = 0; k < count; k += n)
        {
            TOps.Store(TOps.Relu(TOps.Load(ref z, k)), ref z, k);
        }
    }

    // p, g, realMask (count) -> g += λ1·s(p)·realMask + 2·λ2·p; returns (Σ|p|, Σp²). Padding has p = 0 and realMask = 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float AbsSum, float SquareSum) Regularize<TOps, TV>(ref float p, ref float g, ref float realMask, int count, float l1, float l2)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        var abs = TOps.Zero;
        var squares = TOps.Zero;
        var l1v = TOps.Create(l1);
        var twoL2 = TOps.Create(2 * l2);
        for (var k = 0; k < count; k += n)
        {
            var value = TOps.Load(ref p, k);
            abs = TOps.Add(abs, TOps.Abs(value));
            squares = TOps.MultiplyAdd(value, value, squares);
            var gradient = TOps.Load(ref g, k);
            if (l1 > 0)
            {
                gradient = TOps.Add(gradient, TOps.SignOf(value, TOps.Multiply(l1v, TOps.Load(ref realMask, k))));
            }

            if (l2 > 0)
            {
                gradient = TOps.Add(gradient, TOps.Multiply(twoL2, value));
            }

            TOps.Store(gradient, ref g, k);
        }

        return (TOps.Sum(abs), TOps.Sum(squares));
    }

    // Adam: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= lr·(m/c1) / (sqrt(v/c2) + ε), c = 1 − β^(t+1)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam<TOps, TV>(ref float p, ref float g, ref float m, ref float v, int count, float lr, float inverseCorrection1, float inverseCorrection2)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        var beta1 = TOps.Create((float)OptimizerSettings.Beta1);
        var oneMinusBeta1 = TOps.Create((float)(1 - OptimizerSettings.Beta1));
        var beta2 = TOps.Create((float)OptimizerSettings.Beta2);
        var oneMinusBeta2 = TOps.Create((float)(1 - OptimizerSettings.Beta2));
        var epsilon = TOps.Create((float)OptimizerSettings.Epsilon);
        var c1 = TOps.Create(inverseCorrection1);
        var c2 = TOps.Create(inverseCorrection2);
        var rate = TOps.Create(lr);
        var tiny = TOps.Create(1e-30f);
        for (var k = 0; k < count; k += n)
        {
            var gradient = TOps.Load(ref g, k);
            var first = TOps.Add(TOps.Multiply(beta1, TOps.Load(ref m, k)), TOps.Multiply(oneMinusBeta1, gradient));
            var second = TOps.Add(TOps.Multiply(beta2, TOps.Load(ref v, k)), TOps.Multiply(oneMinusBeta2, TOps.Multiply(gradient, gradient)));

            // Moments of parameters whose gradient is exactly 0 (output weights of a dead ReLU unit) decay by 0.9 per
            // step into subnormal floats within ~800 steps, and x86 takes a ~100-cycle assist on every subnormal
            // operand. Below 1e-30 they are 0 for every purpose.
            first = TOps.WherePositive(TOps.Subtract(TOps.Abs(first), tiny), first);
            second = TOps.WherePositive(TOps.Subtract(second, tiny), second);
            TOps.Store(first, ref m, k);
            TOps.Store(second, ref v, k);
            var step = TOps.Divide(TOps.Multiply(rate, TOps.Multiply(first, c1)), TOps.Add(TOps.Sqrt(TOps.Multiply(second, c2)), epsilon));
            TOps.Store(TOps.Subtract(TOps.Load(ref p, k), step), ref p, k);
        }
    }

    // SGD with momentum: u = momentum·u − lr·g; p += u
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd<TOps, TV>(ref float p, ref float g, ref float u, int count, float lr, float momentum)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        var mu = TOps.Create(momentum);
        var rate = TOps.Create(lr);
        for (var k = 0; k < count; k += n)
        {
            var update = TOps.Subtract(TOps.Multiply(mu, TOps.Load(ref u, k)), TOps.Multiply(rate, TOps.Load(ref g, k)));
            TOps.Store(update, ref u, k);
            TOps.Store(TOps.Add(TOps.Load(ref p, k), update), ref p, k);
        }
    }
}
