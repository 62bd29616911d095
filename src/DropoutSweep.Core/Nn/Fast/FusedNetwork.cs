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

    // Workspace: the block's inputs (4 × inputStride), hidden activations (4 × hiddenStride), 4 × 4 logits and their
    // gradients (plain and times the dropout scale), labels, the two row-pair keys; the given masks' factors (test
    // seam); a zero row standing in for the weights of classes beyond the real ones, and a sink row for their gradients.
    private readonly float[] _x;
    private readonly float[] _h;
    private readonly float[] _logits = new float[Rows * Rows];
    private readonly float[] _logitGradients = new float[Rows * Rows];
    private readonly float[] _scaledLogitGradients = new float[Rows * Rows];
    private readonly int[] _labels = new int[Rows];
    private readonly uint[] _pairKeys = new uint[Rows / 2];
    private readonly float[] _givenFactors;
    private readonly float[] _zeroRow;
    private readonly float[] _sinkRow;
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
        _zeroRow = new float[_hiddenStride];
        _sinkRow = new float[_hiddenStride];
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
        var chunked = m > FlushRows;
        if (chunked)
        {
            _tensors.ClearSums();
        }

        var stepKey = _hashMasks is null ? 0 : HashDropoutMasks.StepKey(_hashMasks.MaskSeed, Step, 0);
        var lossSum = 0.0;
        var correct = 0;
        var sinceFlush = 0;
        for (var start = 0; start < m; start += Rows)
        {
            var count = Math.Min(Rows, m - start);
            for (var r = 0; r < count; r++)
            {
                Gather(x, y, rows[start + r], r);
            }

            var (blockLoss, blockCorrect) = Block(count, m, training: true, start, stepKey);
            lossSum += blockLoss;
            correct += blockCorrect;
            sinceFlush += count;
            if (chunked && (sinceFlush >= FlushRows || start + count >= m))
            {
                _tensors.FlushIntoSums<TOps, TV>();
                sinceFlush = 0;
            }
        }

        if (chunked)
        {
            _tensors.GradientsFromSums();
        }

        var regularization = _tensors.Regularize<TOps, TV>();
        return new StepMetrics(lossSum / m, regularization, correct, m);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Evaluation Evaluate(float[] x, int[] y)
    {
        FastNetwork.CheckData(x, y, _inputs);
        var lossSum = 0.0;
        var correct = 0;
        for (var start = 0; start < y.Length; start += Rows)
        {
            var count = Math.Min(Rows, y.Length - start);
            for (var r = 0; r < count; r++)
            {
                Gather(x, y, start + r, r);
            }

            var (blockLoss, blockCorrect) = Block(count, y.Length, training: false, start, stepKey: 0);
            lossSum += blockLoss;
            correct += blockCorrect;
        }

        return new Evaluation(lossSum / y.Length, (double)correct / y.Length);
    }

    // Callers checked x.Length == y.Length · inputs; reading the label first bounds-checks the row.
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

    // One block of up to 4 rows (already gathered) through the kernels compiled for the class and input counts.
    private (double LossSum, int Correct) Block(int count, int m, bool training, int firstRow, ulong stepKey) =>
        (_classes, _inputs) switch
        {
            (2, 2) => Block<Two, Two>(count, m, training, firstRow, stepKey),
            (3, 2) => Block<Three, Two>(count, m, training, firstRow, stepKey),
            (4, 2) => Block<Four, Two>(count, m, training, firstRow, stepKey),
            (2, _) => Block<Two, Any>(count, m, training, firstRow, stepKey),
            (3, _) => Block<Three, Any>(count, m, training, firstRow, stepKey),
            _ => Block<Four, Any>(count, m, training, firstRow, stepKey),
        };

    // Forward, loss, and in training the backward pass accumulating every gradient.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double LossSum, int Correct) Block<TClasses, TInputs>(int count, int m, bool training, int firstRow, ulong stepKey)
        where TClasses : struct, ICount
        where TInputs : struct, ICount
    {
        int sIn = _inputStride, sH = _hiddenStride;
        _x.AsSpan(count * sIn, (Rows - count) * sIn).Clear();
        var mode = !training || Spec.DropoutRates[0] == 0 ? MaskMode.None : _hashMasks is not null ? MaskMode.Hashed : MaskMode.Given;
        if (mode == MaskMode.Hashed)
        {
            _pairKeys[0] = HashDropoutMasks.PairKey(stepKey, firstRow);
            _pairKeys[1] = HashDropoutMasks.PairKey(stepKey, firstRow + 2);
        }
        else if (mode == MaskMode.Given)
        {
            for (var r = 0; r < count; r++)
            {
                for (var j = 0; j < _hidden; j++)
                {
                    _givenFactors[(r * sH) + j] = _masks.Keep(Step, 0, firstRow + r, j) ? _dropoutScale : 0f;
                }
            }
        }

        var parameters = _tensors.Parameters;
        ref var w2c0 = ref Data(parameters[2]);
        ref var w2c1 = ref Unsafe.Add(ref w2c0, sH);
        ref var w2c2 = ref TClasses.Value > 2 ? ref Unsafe.Add(ref w2c0, 2 * sH) : ref Data(_zeroRow);
        ref var w2c3 = ref TClasses.Value > 3 ? ref Unsafe.Add(ref w2c0, 3 * sH) : ref Data(_zeroRow);
        FusedKernels.Forward<TOps, TV, TClasses, TInputs>(
            ref Data(_x), sIn, _inputs, ref Data(parameters[0]), ref Data(parameters[1]), sH, ref w2c0, ref w2c1, ref w2c2, ref w2c3,
            ref Data(_h), _logits, mode, _pairKeys, ref MemoryMarshal.GetArrayDataReference(_unitSteps), _dropThreshold, _dropoutScale, ref Data(_givenFactors));

        var result = SoftmaxCrossEntropy(count, m, training);
        if (!training)
        {
            return result;
        }

        var gradients = _tensors.Gradients;
        ref var dw2c0 = ref Data(gradients[2]);
        ref var dw2c1 = ref Unsafe.Add(ref dw2c0, sH);
        ref var dw2c2 = ref TClasses.Value > 2 ? ref Unsafe.Add(ref dw2c0, 2 * sH) : ref Data(_sinkRow);
        ref var dw2c3 = ref TClasses.Value > 3 ? ref Unsafe.Add(ref dw2c0, 3 * sH) : ref Data(_sinkRow);
        FusedKernels.Backward<TOps, TV, TClasses, TInputs>(
            ref Data(_x), sIn, _inputs, ref Data(_h), sH, ref w2c0, ref w2c1, ref w2c2, ref w2c3,
            ref dw2c0, ref dw2c1, ref dw2c2, ref dw2c3, ref Data(gradients[0]), ref Data(gradients[1]), _logitGradients, _scaledLogitGradients);
        return result;
    }

    /// <summary>
    /// Softmax and cross-entropy of the block, two rows per Vector256 (each row's four class lanes in one 128-bit half;
    /// lanes beyond the classes are −∞): Σ loss and hits of the first <paramref name="count"/> rows, and in training
    /// dLogits = (p − onehot) / m (0 for missing rows), the output bias gradient += Σ_rows dLogits, and dLogits times the
    /// dropout scale for the hidden layer's gradient. The loss is −ln p[label] = ln Σe − (z[label] − max), clipped as
    /// the book clips p to [1e−7, 1 − 1e−7].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double LossSum, int Correct) SoftmaxCrossEntropy(int count, int m, bool training)
    {
        var bias = Vector128.LoadUnsafe(ref Data(_tensors.Parameters[3])) + Vector128.LoadUnsafe(ref Data(_classPadding));
        var biasPair = Vector256.Create(bias, bias);
        var neighbours = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
        var opposite = Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5);
        var inverseRows = Vector256.Create(1f / m);
        var scale = Vector256.Create(_dropoutScale);
        var biasGradient = Vector256<float>.Zero;
        var lossSum = 0.0;
        var correct = 0;
        for (var pair = 0; pair < Rows / 2; pair++)
        {
            var z = Vector256.LoadUnsafe(ref _logits[8 * pair]) + biasPair;
            var max = Vector256.Max(z, Vector256.Shuffle(z, neighbours));
            max = Vector256.Max(max, Vector256.Shuffle(max, opposite));
            var e = Vector256.Exp(z - max);
            var sum = e + Vector256.Shuffle(e, neighbours);
            sum += Vector256.Shuffle(sum, opposite);
            var logSum = Vector256.Log(sum);
            var firstMax = Vector256.ExtractMostSignificantBits(Vector256.Equals(z, max));
            var labels = Vector256<int>.Zero;
            var live = Vector256<int>.Zero;
            for (var half = 0; half < 2; half++)
            {
                var r = (2 * pair) + half;
                if (r >= count)
                {
                    break;
                }

                var label = _labels[r];
                var lane = (4 * half) + label;
                var loss = logSum.GetElement(lane) - ((double)z.GetElement(lane) - max.GetElement(lane));
                lossSum += Math.Clamp(loss, FastNetwork.MinLoss, FastNetwork.MaxLoss);
                correct += BitOperations.TrailingZeroCount((firstMax >> (4 * half)) & 0xF) == label ? 1 : 0;
                labels = labels.WithElement(lane, 1);
                live = half == 0 ? live.WithLower(Vector128<int>.AllBitsSet) : live.WithUpper(Vector128<int>.AllBitsSet);
            }

            if (training)
            {
                // Probabilities below TinyProbability are 0 (see there); missing rows get no gradient.
                var p = e / sum;
                p = Vector256.ConditionalSelect(Vector256.GreaterThan(p, Vector256.Create(FastNetwork.TinyProbability)), p, Vector256<float>.Zero);
                var d = Vector256.ConditionalSelect(live.AsSingle(), (p - Vector256.ConvertToSingle(labels)) * inverseRows, Vector256<float>.Zero);
                d.StoreUnsafe(ref _logitGradients[8 * pair]);
                (d * scale).StoreUnsafe(ref _scaledLogitGradients[8 * pair]);
                biasGradient += d;
            }
        }

        if (training)
        {
            ref var db2 = ref Data(_tensors.Gradients[3]);
            (Vector128.LoadUnsafe(ref db2) + biasGradient.GetLower() + biasGradient.GetUpper()).StoreUnsafe(ref db2);
        }

        return (lossSum, correct);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Data(float[] array) => ref MemoryMarshal.GetArrayDataReference(array);
}
