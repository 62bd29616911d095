using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The fast path for the book's network: one hidden layer (inputs → H, H ≥ inputs) and two to four classes, four rows
/// at a time from the inputs to the parameter gradients (<see cref="FusedKernels"/>), so that a block's activations
/// never leave L1. Dropout masks are hashed on the fly (<see cref="HashDropoutMasks"/>). All memory is allocated in
/// the constructor: the <see cref="TrainingState"/> that a checkpoint holds, and a workspace whose contents do not
/// outlive a step. A step allocates nothing.
/// </summary>
internal sealed class FusedNetwork<TOps, TV> : IFastNetwork
    where TOps : struct, IVectorOps<TV>
    where TV : struct
{
    private const int Rows = FusedKernels.Rows;

    /// <summary>Gradient sums run in float32 over at most this many rows, then move into double (<see cref="FastTensors.GradientSums"/>).</summary>
    private const int FlushRows = 32;

    /// <summary>Rows whose likelihoods are multiplied before a logarithm is taken (a power of two, a multiple of <see cref="Rows"/>).</summary>
    private const int LikelihoodRows = 32;

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

    // Workspace: the block's inputs (4 × inputStride), hidden activations without the dropout scale (4 × hiddenStride),
    // 4 × 4 logits, their exponentials and gradients, all class-major; labels, the two row-pair keys; the given masks'
    // keep factors (test seam).
    private readonly float[] _x;
    private readonly float[] _h;
    private readonly float[] _logits = new float[Rows * Rows];
    private readonly float[] _logitGradients = new float[Rows * Rows];
    private readonly float[] _exponentials = new float[Rows * Rows];
    private readonly int[] _labels = new int[Rows];
    private readonly uint[] _pairKeys = new uint[Rows / 2];
    private readonly float[] _givenFactors;
    private readonly float[] _classPadding;

    // u·φ for every hidden unit (the hash's per-unit step, see HashDropoutMasks.UnitBits).
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
        _x = new float[Rows * _inputStride];
        _h = new float[Rows * _hiddenStride];
        _givenFactors = new float[Rows * _hiddenStride];
        _classPadding = Enumerable.Range(0, Rows).Select(c => c < _classes ? 0f : float.NegativeInfinity).ToArray();
        _unitSteps = Enumerable.Range(0, _hiddenStride).Select(u => (uint)u * HashDropoutMasks.GoldenGamma).ToArray();
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
    /// Forward, loss and (in training) backward over m rows, four at a time: rows[k] of (x, y), or row k where
    /// <paramref name="rows"/> is empty (evaluation). Returns Σ loss and hits; in training the gradients are complete.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double LossSum, int Correct) Pass<TClasses, TInputs, TMask>(float[] x, int[] y, ReadOnlySpan<int> rows, int m, bool training)
        where TClasses : struct, ICount
        where TInputs : struct, ICount
        where TMask : struct, IMaskSource
    {
        int sIn = _inputStride, sH = _hiddenStride;
        var chunked = training && m > FlushRows;
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
        var sinceFlush = 0;
        for (var start = 0; start < m; start += Rows)
        {
            var count = Math.Min(Rows, m - start);
            for (var r = 0; r < count; r++)
            {
                Gather(x, y, rows.IsEmpty ? start + r : rows[start + r], r);
            }

            if (count < Rows)
            {
                _x.AsSpan(count * sIn, (Rows - count) * sIn).Clear();
            }

            uint firstKey = 0, secondKey = 0;
            if (TMask.Source == MaskMode.Hashed)
            {
                (firstKey, secondKey) = (HashDropoutMasks.PairKey(stepKey, start), HashDropoutMasks.PairKey(stepKey, start + 2));
            }
            else if (TMask.Source == MaskMode.Given)
            {
                GivenFactors(count, start);
            }

            FusedKernels.Forward<TOps, TV, TClasses, TInputs, TMask>(
                ref Data(_x), sIn, _inputs, ref Data(parameters[0]), ref Data(parameters[1]), sH, ref Data(parameters[2]), ref Data(_h), ref Data(_logits),
                firstKey, secondKey, ref unitSteps, _dropThreshold, ref Data(_givenFactors));
            var (blockLikelihood, blockCorrect) = SoftmaxCrossEntropy<TClasses>(count, m, training, scale);
            likelihood *= blockLikelihood;
            correct += blockCorrect;
            if ((start & (LikelihoodRows - 1)) == LikelihoodRows - Rows)
            {
                lossSum -= Math.Log(likelihood);
                likelihood = 1.0;
            }

            if (!training)
            {
                continue;
            }

            sinceFlush += count;
            var flush = chunked && (sinceFlush >= FlushRows || start + count >= m);
            FusedKernels.Backward<TOps, TV, TClasses, TInputs>(
                ref Data(_x), sIn, _inputs, ref Data(_h), sH, ref Data(parameters[2]), ref Data(gradients[2]), ref Data(gradients[0]), ref Data(gradients[1]),
                ref Data(_logitGradients), scale, flush, ref Sums(2), ref Sums(0), ref Sums(1));
            if (flush)
            {
                // The kernel flushed the other three tensors as it went.
                _tensors.FlushIntoSums<TOps, TV>(tensor: 3);
                sinceFlush = 0;
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

    // Callers checked x.Length == y.Length · inputs; reading the label first bounds-checks the row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Gather(float[] x, int[] y, int source, int r)
    {
        _labels[r] = y[source];
        ref var from = ref Unsafe.Add(ref Data(x), source * _inputs);
        ref var to = ref Unsafe.Add(ref Data(_x), r * _inputStride);
        for (var i = 0; i < _inputs; i++)
        {
            Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
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
    /// Softmax and cross-entropy of the block, class by class over the four rows (one Vector128 per class: lane r is row
    /// r): the likelihood Π_rows p[label] and the hits of the first <paramref name="count"/> rows, and in training
    /// dLogits = (p − onehot) / m (0 for missing rows) and the output bias gradient += Σ_rows dLogits. p[label] is
    /// clipped to [1e−7, 1 − 1e−7] as the book clips it (the loss is −ln p[label]); the prediction is the first largest
    /// logit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double Likelihood, int Correct) SoftmaxCrossEntropy<TClasses>(int count, int m, bool training, float scale)
        where TClasses : struct, ICount
    {
        // z = s·logits' + b2 (the kernels leave the dropout scale s to here)
        ref var logits = ref Data(_logits);
        ref var b2 = ref Data(_tensors.Parameters[3]);
        var s = Vector128.Create(scale);
        var absent = Vector128.Create(float.NegativeInfinity);
        var z0 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref logits), s, Vector128.Create(b2));
        var z1 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref logits, Rows), s, Vector128.Create(Unsafe.Add(ref b2, 1)));
        var z2 = TClasses.Value > 2 ? Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref logits, 2 * Rows), s, Vector128.Create(Unsafe.Add(ref b2, 2))) : absent;
        var z3 = TClasses.Value > 3 ? Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref logits, 3 * Rows), s, Vector128.Create(Unsafe.Add(ref b2, 3))) : absent;
        var max = Vector128.Max(Vector128.Max(z0, z1), Vector128.Max(z2, z3));

        // e = exp(z − max) for all 16 lanes at once, at the widest width the kernels run.
        ref var e = ref Data(_exponentials);
        (z0 - max).StoreUnsafe(ref e);
        (z1 - max).StoreUnsafe(ref e, Rows);
        (z2 - max).StoreUnsafe(ref e, 2 * Rows);
        (z3 - max).StoreUnsafe(ref e, 3 * Rows);
        for (var k = 0; k < Rows * Rows; k += TOps.Count)
        {
            TOps.Store(TOps.Exp(TOps.Load(ref e, k)), ref e, k);
        }

        var e0 = Vector128.LoadUnsafe(ref e);
        var e1 = Vector128.LoadUnsafe(ref e, Rows);
        var e2 = Vector128.LoadUnsafe(ref e, 2 * Rows);
        var e3 = Vector128.LoadUnsafe(ref e, 3 * Rows);
        var sum = (e0 + e1) + (e2 + e3);

        var labels = Vector128.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_labels));
        var live = Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count));
        var is0 = Vector128.Equals(labels, Vector128<int>.Zero).AsSingle();
        var is1 = Vector128.Equals(labels, Vector128<int>.One).AsSingle();
        var is2 = Vector128.Equals(labels, Vector128.Create(2)).AsSingle();
        var is3 = Vector128.Equals(labels, Vector128.Create(3)).AsSingle();

        // Π_rows clip(p[label]); missing rows contribute a factor of 1.
        var inverseSum = Vector128<float>.One / sum;
        var eLabel = Vector128.ConditionalSelect(is0, e0, Vector128.ConditionalSelect(is1, e1, Vector128.ConditionalSelect(is2, e2, e3)));
        var pLabel = eLabel * inverseSum;
        var (lowRows, highRows) = Vector128.Widen(pLabel);
        var (liveLow, liveHigh) = Vector128.Widen(live);
        var clipLow = Vector128.Create(Reference.SoftmaxCrossEntropy.Clip);
        var clipHigh = Vector128.Create(1 - Reference.SoftmaxCrossEntropy.Clip);
        lowRows = Vector128.ConditionalSelect(liveLow.AsDouble(), Vector128.Min(Vector128.Max(lowRows, clipLow), clipHigh), Vector128<double>.One);
        highRows = Vector128.ConditionalSelect(liveHigh.AsDouble(), Vector128.Min(Vector128.Max(highRows, clipLow), clipHigh), Vector128<double>.One);
        var product = lowRows * highRows;
        var likelihood = product.GetElement(0) * product.GetElement(1);

        // The prediction: the first class whose logit is the row's largest.
        var best = Vector128.Create(-1);
        best = Vector128.ConditionalSelect(Vector128.Equals(z3, max).AsInt32(), Vector128.Create(3), best);
        best = Vector128.ConditionalSelect(Vector128.Equals(z2, max).AsInt32(), Vector128.Create(2), best);
        best = Vector128.ConditionalSelect(Vector128.Equals(z1, max).AsInt32(), Vector128<int>.One, best);
        best = Vector128.ConditionalSelect(Vector128.Equals(z0, max).AsInt32(), Vector128<int>.Zero, best);
        var correct = BitOperations.PopCount(Vector128.ExtractMostSignificantBits(Vector128.Equals(best, labels) & live));
        if (!training)
        {
            return (likelihood, correct);
        }

        // dLogits = (p − onehot) / m, probabilities below TinyProbability being 0 (see there); missing rows get none.
        var inverseRows = Vector128.Create(1f / m);
        var d0 = Gradient(e0, inverseSum, is0, live, inverseRows);
        var d1 = Gradient(e1, inverseSum, is1, live, inverseRows);
        var d2 = Gradient(e2, inverseSum, is2, live, inverseRows);
        var d3 = Gradient(e3, inverseSum, is3, live, inverseRows);
        ref var dl = ref Data(_logitGradients);
        d0.StoreUnsafe(ref dl);
        d1.StoreUnsafe(ref dl, Rows);
        d2.StoreUnsafe(ref dl, 2 * Rows);
        d3.StoreUnsafe(ref dl, 3 * Rows);
        ref var db2 = ref Data(_tensors.Gradients[3]);
        (Vector128.LoadUnsafe(ref db2) + Vector128Reductions.Sum4(d0, d1, d2, d3)).StoreUnsafe(ref db2);
        return (likelihood, correct);

        static Vector128<float> Gradient(Vector128<float> e, Vector128<float> inverseSum, Vector128<float> isLabel, Vector128<int> live, Vector128<float> inverseRows)
        {
            var p = e * inverseSum;
            p = Vector128.ConditionalSelect(Vector128.GreaterThan(p, Vector128.Create(FastNetwork.TinyProbability)), p, Vector128<float>.Zero);
            var d = (p - (isLabel & Vector128<float>.One)) * inverseRows;
            return Vector128.ConditionalSelect(live.AsSingle(), d, Vector128<float>.Zero);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Data(float[] array) => ref MemoryMarshal.GetArrayDataReference(array);

    private ref double Sums(int tensor) => ref MemoryMarshal.GetArrayDataReference(_tensors.GradientSums[tensor]);
}
