using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The fast path for the book's network: one hidden layer (inputs → H, H ≥ inputs) and two to four classes, a chunk of
/// 32 rows at a time from the inputs to the parameter gradients (<see cref="FusedKernels"/>), so that a chunk's
/// activations stay in the core's caches and its gradients in registers. Dropout masks are hashed on the fly (<see cref="HashDropoutMasks"/>). All memory is allocated in
/// the constructor: the <see cref="TrainingState"/> that a checkpoint holds, and a workspace whose contents do not
/// outlive a step. A step allocates nothing.
/// </summary>
internal sealed class FusedNetwork<TOps, TV> : IFastNetwork
    where TOps : struct, IVectorOps<TV>
    where TV : struct
{
    private const int Rows = FusedKernels.Rows;

    /// <summary>Gradient sums run in float32 over at most this many rows, then move into double (<see cref="FastTensors.GradientSums"/>).</summary>
    private const int ChunkRows = FusedKernels.ChunkRows;

    /// <summary>Rows whose likelihoods are multiplied before a logarithm is taken (a power of two, a multiple of <see cref="Rows"/>).</summary>
    private const int LikelihoodRows = 32;

    /// <summary>0, 1, …, ChunkRows − 1: which lanes of a vector of rows are rows of the chunk.</summary>
    private static readonly float[] RowIndices = Enumerable.Range(0, ChunkRows).Select(r => (float)r).ToArray();

    private readonly OptimizerSettings _optimizer;
    private readonly IDropoutMasks _masks;
    private readonly HashDropoutMasks? _hashMasks;
    private readonly int _maxRows;
    private readonly int _inputs;
    private readonly int _hidden;
    private readonly int _classes;
    private readonly int _inputStride;
    private readonly int _hiddenStride;
    private readonly uint _dropThreshold;
    private readonly float _dropoutScale;
    private readonly FastTensors _tensors;

    // Workspace: a chunk's inputs and inputs times the dropout scale (ChunkRows × inputStride), its hidden activations
    // without the dropout scale (ChunkRows × hiddenStride, in the layout of FusedKernels), its logits and logit gradients
    // (up to 4 classes × ChunkRows, class-major), labels (as floats, compared lane by lane) and the probabilities of
    // the labels; the given masks' keep factors of a block (test seam).
    private readonly float[] _x;
    private readonly float[] _scaledX;
    private readonly float[] _h;
    private readonly float[] _logits = new float[Rows * ChunkRows];
    private readonly float[] _logitGradients = new float[Rows * ChunkRows];
    private readonly float[] _labels = new float[ChunkRows];
    private readonly float[] _labelProbabilities = new float[ChunkRows];
    private readonly float[] _givenFactors;

    // u·φ for every hidden unit and one vector more (the hash's per-unit step, see HashDropoutMasks.UnitBits; the forward
    // kernel hashes one vector ahead).
    private readonly uint[] _unitSteps;

    public FusedNetwork(NetworkSpec spec, OptimizerSettings optimizer, IDropoutMasks masks, int maxRows)
    {
        if (!Fits(spec))
        {
            throw new ArgumentException($"The fused path takes one hidden layer at least as wide as its inputs and 2–{Rows} classes, not {string.Join("→", spec.Widths)}.", nameof(spec));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        Spec = spec;
        _optimizer = optimizer;
        _masks = masks;
        _hashMasks = masks as HashDropoutMasks;
        _maxRows = maxRows;
        (_inputs, _hidden, _classes) = (spec.Widths[0], spec.Widths[1], spec.Widths[2]);
        _inputStride = FastNetwork.Pad(_inputs);
        _hiddenStride = FastNetwork.Pad(_hidden);
        _dropThreshold = HashDropoutMasks.DropThreshold(spec.DropoutRates[0]);
        _dropoutScale = spec.DropoutRates[0] == 0 ? 1f : (float)(1.0 / (1.0 - spec.DropoutRates[0]));
        _tensors = new FastTensors(
            spec,
            [
                new WeightLayout(WeightOrder.RowMajor, _inputs, _hidden, _inputStride, _hiddenStride, 0),
                new WeightLayout(WeightOrder.ColumnMajor, _hidden, _classes, _hiddenStride, FastNetwork.Pad(_classes), 0),
            ],
            [_hiddenStride, FastNetwork.Pad(_classes)]);
        _x = new float[ChunkRows * _inputStride];
        _scaledX = new float[ChunkRows * _inputStride];
        _h = new float[ChunkRows * _hiddenStride];
        _givenFactors = new float[Rows * _hiddenStride];
        _unitSteps = Enumerable.Range(0, _hiddenStride + FastNetwork.Padding).Select(u => (uint)u * HashDropoutMasks.GoldenGamma).ToArray();
    }

    public NetworkSpec Spec { get; }

    public long Step => State.Step;

    public TrainingState State => _tensors.State;

    public SimdWidth Simd => FastNetwork.WidthOf<TOps, TV>();

    /// <summary>Whether <paramref name="spec"/> is a network this path trains.</summary>
    public static bool Fits(NetworkSpec spec) =>
        spec.HiddenLayers == 1 && spec.Widths[1] >= spec.Widths[0] && spec.Widths[2] <= Rows;

    public void SetParameters(NetworkParameters parameters) => _tensors.Import(parameters);

    public NetworkParameters GetParameters() => _tensors.Export(_tensors.Parameters);

    public NetworkState CaptureState() => _tensors.CaptureState();

    public void RestoreState(NetworkState state) => _tensors.RestoreState(state);

    public NetworkParameters GetGradients() => _tensors.Export(_tensors.Gradients);

    public void Update() => _tensors.Update<TOps, TV>(_optimizer);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StepMetrics ComputeGradients(float[] x, int[] y, ReadOnlySpan<int> rows)
    {
        FastNetwork.CheckBatch(rows.Length, _maxRows);
        FastNetwork.CheckData(x, y, _inputs);
        foreach (var gradient in _tensors.Gradients)
        {
            Array.Clear(gradient);
        }

        var m = rows.Length;
        var mode = Spec.DropoutRates[0] == 0 ? MaskMode.None : _hashMasks is not null ? MaskMode.Hashed : MaskMode.Given;
        var (lossSum, correct) = Pass(x, y, rows, m, training: true, mode);
        var regularization = _tensors.Regularize<TOps, TV>();
        return new StepMetrics(lossSum / m, regularization, correct, m);
    }

    public Evaluation Evaluate(float[] x, int[] y)
    {
        FastNetwork.CheckData(x, y, _inputs);
        var (lossSum, correct) = Pass(x, y, [], y.Length, training: false, MaskMode.None);
        return new Evaluation(lossSum / y.Length, (double)correct / y.Length);
    }

    // The pass compiled for the class count, the input count and the mask source: one dispatch per pass, not per block.
    private (double LossSum, int Correct) Pass(float[] x, int[] y, ReadOnlySpan<int> rows, int m, bool training, MaskMode mode) =>
        (_classes, _inputs) switch
        {
            (2, 2) => Pass<Two, Two>(x, y, rows, m, training, mode),
            (3, 2) => Pass<Three, Two>(x, y, rows, m, training, mode),
            (4, 2) => Pass<Four, Two>(x, y, rows, m, training, mode),
            (3, 1) => Pass<Three, One>(x, y, rows, m, training, mode),
            (3, 3) => Pass<Three, Three>(x, y, rows, m, training, mode),
            (3, 4) => Pass<Three, Four>(x, y, rows, m, training, mode),
            (2, _) => Pass<Two, Any>(x, y, rows, m, training, mode),
            (3, _) => Pass<Three, Any>(x, y, rows, m, training, mode),
            _ => Pass<Four, Any>(x, y, rows, m, training, mode),
        };

    private (double LossSum, int Correct) Pass<TClasses, TInputs>(float[] x, int[] y, ReadOnlySpan<int> rows, int m, bool training, MaskMode mode)
        where TClasses : struct, ICount
        where TInputs : struct, ICount =>
        mode switch
        {
            MaskMode.Hashed => Pass<TClasses, TInputs, HashedMasks>(x, y, rows, m, training),
            MaskMode.Given => Pass<TClasses, TInputs, GivenMasks>(x, y, rows, m, training),
            _ => Pass<TClasses, TInputs, NoMasks>(x, y, rows, m, training),
        };

    /// <summary>
    /// Forward, loss and (in training) backward over m rows: rows[k] of (x, y), or row k where <paramref name="rows"/> is
    /// empty (evaluation). Chunk by chunk of <see cref="FusedKernels.ChunkRows"/> rows: the forward pass and the loss four
    /// rows at a time, then in training the chunk's backward pass. Returns Σ loss and hits; in training the gradients are
    /// complete.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double LossSum, int Correct) Pass<TClasses, TInputs, TMask>(float[] x, int[] y, ReadOnlySpan<int> rows, int m, bool training)
        where TClasses : struct, ICount
        where TInputs : struct, ICount
        where TMask : struct, IMaskSource
    {
        int sIn = _inputStride, sH = _hiddenStride;

        // Batches of more than one chunk sum the chunks' gradients in double (FastTensors.GradientSums).
        var chunked = training && m > ChunkRows;
        if (chunked)
        {
            _tensors.ClearSums();
        }

        var parameters = _tensors.Parameters;
        var gradients = _tensors.Gradients;
        var stepKey = TMask.Source == MaskMode.Hashed ? HashDropoutMasks.StepKey(_hashMasks!.MaskSeed, Step, 0) : 0;

        // The dropout scale, applied to the logits, in the backward sweep and to dW2 (see FusedKernels).
        var scale = TMask.Source == MaskMode.None ? 1f : _dropoutScale;
        ref var unitSteps = ref MemoryMarshal.GetArrayDataReference(_unitSteps);
        // Σ_rows −ln p = −ln Π_rows p: the clipped probabilities of up to 32 rows (8 blocks) are multiplied before one
        // logarithm is taken (their product is at least 1e−224, far from double's smallest normal, 2e−308).
        var lossSum = 0.0;
        var likelihood = 1.0;
        var correct = 0;
        for (var chunk = 0; chunk < m; chunk += ChunkRows)
        {
            var chunkRows = Math.Min(ChunkRows, m - chunk);
            var blocks = (chunkRows + Rows - 1) / Rows;
            for (var r = 0; r < chunkRows; r++)
            {
                Gather(x, y, rows.IsEmpty ? chunk + r : rows[chunk + r], r, scale);
            }

            if (chunkRows < blocks * Rows)
            {
                // Missing rows of the last block have zero inputs (and, from the softmax, zero logit gradients).
                _x.AsSpan(chunkRows * sIn, ((blocks * Rows) - chunkRows) * sIn).Clear();
                _scaledX.AsSpan(chunkRows * sIn, ((blocks * Rows) - chunkRows) * sIn).Clear();
            }

            for (var block = 0; block < blocks; block++)
            {
                var start = chunk + (block * Rows);
                var first = block * Rows;
                uint firstKey = 0, secondKey = 0;
                if (TMask.Source == MaskMode.Hashed)
                {
                    (firstKey, secondKey) = (HashDropoutMasks.PairKey(stepKey, start), HashDropoutMasks.PairKey(stepKey, start + 2));
                }
                else if (TMask.Source == MaskMode.Given)
                {
                    GivenFactors(Math.Min(Rows, m - start), start);
                }

                FusedKernels.Forward<TOps, TV, TClasses, TInputs, TMask>(
                    ref Unsafe.Add(ref Data(_x), first * sIn), sIn, _inputs, ref Data(parameters[0]), ref Data(parameters[1]), sH, ref Data(parameters[2]),
                    ref Unsafe.Add(ref Data(_h), first * TOps.Count), training, ref Unsafe.Add(ref Data(_logits), first), ChunkRows,
                    firstKey, secondKey, ref unitSteps, _dropThreshold, ref Data(_givenFactors));
            }

            correct += SoftmaxCrossEntropy<TClasses>(chunk, chunkRows, m, training, scale, ref likelihood, ref lossSum);
            if (!training)
            {
                continue;
            }

            FusedKernels.Backward<TOps, TV, TClasses, TInputs>(
                ref Data(_scaledX), sIn, _inputs, ref Data(_h), sH, blocks, ref Data(parameters[2]), ref Data(_logitGradients), scale,
                ref Data(gradients[2]), ref Data(gradients[0]), ref Data(gradients[1]), chunked, ref Sums(2), ref Sums(0), ref Sums(1));
            if (chunked)
            {
                // The kernel added dW2', db1 and (up to four inputs) dW1 into their sums.
                _tensors.FlushIntoSums<TOps, TV>(tensor: 3);
                if (TInputs.Value == 0)
                {
                    _tensors.FlushIntoSums<TOps, TV>(tensor: 0);
                }
            }
        }

        if (chunked)
        {
            _tensors.GradientsFromSums();
        }

        if (training && scale != 1f)
        {
            // dW2 = s·dW2' (the kernels accumulated it with h' = h/s)
            var factor = TOps.Create(scale);
            ref var dw2 = ref Data(gradients[2]);
            for (var k = 0; k < gradients[2].Length; k += TOps.Count)
            {
                TOps.Store(TOps.Multiply(TOps.Load(ref dw2, k), factor), ref dw2, k);
            }
        }

        return (lossSum - Math.Log(likelihood), correct);
    }

    // Callers checked x.Length == y.Length · inputs; reading the label first bounds-checks the row. Row r of the chunk's
    // inputs, and of the inputs times the dropout scale (what the backward sweep multiplies by).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Gather(float[] x, int[] y, int source, int r, float scale)
    {
        _labels[r] = y[source];
        ref var from = ref Unsafe.Add(ref Data(x), source * _inputs);
        ref var to = ref Unsafe.Add(ref Data(_x), r * _inputStride);
        ref var scaled = ref Unsafe.Add(ref Data(_scaledX), r * _inputStride);
        for (var i = 0; i < _inputs; i++)
        {
            var value = Unsafe.Add(ref from, i);
            Unsafe.Add(ref to, i) = value;
            Unsafe.Add(ref scaled, i) = value * scale;
        }
    }

    // Test seam: the factors of masks from an IDropoutMasks other than the hash (recorded golden masks).
    private void GivenFactors(int count, int firstRow)
    {
        for (var r = 0; r < count; r++)
        {
            for (var j = 0; j < _hidden; j++)
            {
                _givenFactors[(r * _hiddenStride) + j] = _masks.Keep(Step, 0, firstRow + r, j) ? 1f : 0f;
            }
        }
    }

    /// <summary>
    /// Softmax and cross-entropy of the chunk that starts at row <paramref name="chunk"/>, class by class over vectors of
    /// rows (the logits are class-major): returns the hits of its <paramref name="rows"/> rows; multiplies
    /// <paramref name="likelihood"/> by Π p[label] four rows at a time and moves it into <paramref name="lossSum"/> every
    /// <see cref="LikelihoodRows"/> rows; in training writes dLogits = (p − onehot) / m (0 for missing rows) and adds
    /// Σ_rows dLogits of every four rows to the output bias gradient. p[label] is clipped to [1e−7, 1 − 1e−7] as the book
    /// clips it (the loss is −ln p[label]); the prediction is the first largest logit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SoftmaxCrossEntropy<TClasses>(int chunk, int rows, int m, bool training, float scale, ref double likelihood, ref double lossSum)
        where TClasses : struct, ICount
    {
        // z = s·logits' + b2 (the kernels leave the dropout scale s to here)
        var n = TOps.Count;
        ref var logits = ref Data(_logits);
        ref var labels = ref Data(_labels);
        ref var labelProbabilities = ref Data(_labelProbabilities);
        ref var dl = ref Data(_logitGradients);
        ref var rowIndices = ref Data(RowIndices);
        ref var b2 = ref Data(_tensors.Parameters[3]);
        var s = TOps.Create(scale);
        var (bias0, bias1, bias2, bias3) = (TOps.Create(b2), TOps.Create(Unsafe.Add(ref b2, 1)), TOps.Create(Unsafe.Add(ref b2, 2)), TOps.Create(Unsafe.Add(ref b2, 3)));
        var absent = TOps.Create(float.NegativeInfinity);
        var (zero, one, two, three) = (TOps.Zero, TOps.Create(1f), TOps.Create(2f), TOps.Create(3f));
        var none = TOps.Create(-1f);
        var rowCount = TOps.Create(rows);
        var inverseRows = TOps.Create(1f / m);
        var hits = zero;

        // Every row of the chunk's blocks, missing rows included (their gradients must be 0).
        var end = (rows + Rows - 1) / Rows * Rows;
        for (var k = 0; k < end; k += n)
        {
            var z0 = TOps.MultiplyAdd(TOps.Load(ref logits, k), s, bias0);
            var z1 = TOps.MultiplyAdd(TOps.Load(ref logits, ChunkRows + k), s, bias1);
            var z2 = TClasses.Value > 2 ? TOps.MultiplyAdd(TOps.Load(ref logits, (2 * ChunkRows) + k), s, bias2) : absent;
            var z3 = TClasses.Value > 3 ? TOps.MultiplyAdd(TOps.Load(ref logits, (3 * ChunkRows) + k), s, bias3) : absent;
            var max = TOps.Max(TOps.Max(z0, z1), TOps.Max(z2, z3));
            var e0 = TOps.Exp(TOps.Subtract(z0, max));
            var e1 = TOps.Exp(TOps.Subtract(z1, max));
            var e2 = TClasses.Value > 2 ? TOps.Exp(TOps.Subtract(z2, max)) : zero;
            var e3 = TClasses.Value > 3 ? TOps.Exp(TOps.Subtract(z3, max)) : zero;
            var inverseSum = TOps.Divide(one, TOps.Add(TOps.Add(e0, e1), TOps.Add(e2, e3)));
            var label = TOps.Load(ref labels, k);
            var live = TOps.GreaterThan(rowCount, TOps.Load(ref rowIndices, k));
            var is0 = TOps.EqualTo(label, zero);
            var is1 = TOps.EqualTo(label, one);
            var is2 = TOps.EqualTo(label, two);
            var is3 = TOps.EqualTo(label, three);
            var labelExponential = TOps.Select(is0, e0, TOps.Select(is1, e1, TOps.Select(is2, e2, e3)));
            TOps.Store(TOps.Multiply(labelExponential, inverseSum), ref labelProbabilities, k);

            // The prediction: the first class whose logit is the row's largest (none where a logit is NaN).
            var best = TOps.Select(TOps.EqualTo(z3, max), three, none);
            best = TOps.Select(TOps.EqualTo(z2, max), two, best);
            best = TOps.Select(TOps.EqualTo(z1, max), one, best);
            best = TOps.Select(TOps.EqualTo(z0, max), zero, best);
            hits = TOps.Add(hits, TOps.Select(live, TOps.Select(TOps.EqualTo(best, label), one, zero), zero));
            if (training)
            {
                TOps.Store(Gradient(e0, inverseSum, is0, live, inverseRows), ref dl, k);
                TOps.Store(Gradient(e1, inverseSum, is1, live, inverseRows), ref dl, ChunkRows + k);
                if (TClasses.Value > 2)
                {
                    TOps.Store(Gradient(e2, inverseSum, is2, live, inverseRows), ref dl, (2 * ChunkRows) + k);
                }

                if (TClasses.Value > 3)
                {
                    TOps.Store(Gradient(e3, inverseSum, is3, live, inverseRows), ref dl, (3 * ChunkRows) + k);
                }
            }
        }

        // Four rows at a time, in row order: Π clip(p[label]) (missing rows contribute a factor of 1), and db2 += Σ_rows
        // dLogits.
        var clipLow = Reference.SoftmaxCrossEntropy.Clip;
        var clipHigh = 1 - Reference.SoftmaxCrossEntropy.Clip;
        ref var db2 = ref Data(_tensors.Gradients[3]);
        for (var first = 0; first < rows; first += Rows)
        {
            var count = Math.Min(Rows, rows - first);
            var p0 = Math.Min(Math.Max(Unsafe.Add(ref labelProbabilities, first), clipLow), clipHigh);
            var p1 = count > 1 ? Math.Min(Math.Max(Unsafe.Add(ref labelProbabilities, first + 1), clipLow), clipHigh) : 1.0;
            var p2 = count > 2 ? Math.Min(Math.Max(Unsafe.Add(ref labelProbabilities, first + 2), clipLow), clipHigh) : 1.0;
            var p3 = count > 3 ? Math.Min(Math.Max(Unsafe.Add(ref labelProbabilities, first + 3), clipLow), clipHigh) : 1.0;
            likelihood *= (p0 * p2) * (p1 * p3);
            if (((chunk + first) & (LikelihoodRows - 1)) == LikelihoodRows - Rows)
            {
                lossSum -= Math.Log(likelihood);
                likelihood = 1.0;
            }

            if (training)
            {
                var d0 = Vector128.LoadUnsafe(ref dl, (nuint)first);
                var d1 = Vector128.LoadUnsafe(ref dl, (nuint)(ChunkRows + first));
                var d2 = TClasses.Value > 2 ? Vector128.LoadUnsafe(ref dl, (nuint)((2 * ChunkRows) + first)) : Vector128<float>.Zero;
                var d3 = TClasses.Value > 3 ? Vector128.LoadUnsafe(ref dl, (nuint)((3 * ChunkRows) + first)) : Vector128<float>.Zero;
                (Vector128.LoadUnsafe(ref db2) + Vector128Reductions.Sum4(d0, d1, d2, d3)).StoreUnsafe(ref db2);
            }
        }

        return (int)TOps.Sum(hits);

        // dLogits = (p − onehot) / m, probabilities below TinyProbability being 0 (see there); missing rows get none.
        static TV Gradient(TV e, TV inverseSum, TV isLabel, TV live, TV inverseRows)
        {
            var p = TOps.Multiply(e, inverseSum);
            p = TOps.Select(TOps.GreaterThan(p, TOps.Create(FastNetwork.TinyProbability)), p, TOps.Zero);
            var d = TOps.Multiply(TOps.Subtract(p, TOps.Select(isLabel, TOps.Create(1f), TOps.Zero)), inverseRows);
            return TOps.Select(live, d, TOps.Zero);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Data(float[] array) => ref MemoryMarshal.GetArrayDataReference(array);

    private ref double Sums(int tensor) => ref MemoryMarshal.GetArrayDataReference(_tensors.GradientSums[tensor]);
}
