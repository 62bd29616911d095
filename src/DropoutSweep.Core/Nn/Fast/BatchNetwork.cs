using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The fast path for every other network (several hidden layers, wide inputs, many classes, mini-batches): layer by
/// layer over chunks of rows, wide layers as register-blocked GEMMs (<see cref="GemmKernels"/>) with bias, ReLU and the
/// dropout mask applied in the tile epilogue, narrow layers as dot products (<see cref="FastKernels"/>). Gradients flow
/// back through the activation buffers in place. All memory is allocated in the constructor: the
/// <see cref="TrainingState"/> that a checkpoint holds, and a workspace whose contents do not outlive a step.
/// </summary>
internal sealed class BatchNetwork<TOps, TV> : IFastNetwork
    where TOps : struct, IVectorOps<TV>
    where TV : struct
{
    /// <summary>A layer with more outputs than this is stored in panels and multiplied by the GEMM kernels.</summary>
    private const int NarrowOutputs = 16;

    /// <summary>
    /// Rows per chunk of a large network (more than <see cref="LargeParameters"/> parameters): a 784→256 layer's GEMMs
    /// reach their speed at about a hundred rows, and its gradients move into double sums once per chunk.
    /// </summary>
    private const int LargeChunkRows = 256;

    /// <summary>
    /// Rows per chunk of a small network: gradient sums run in float32 over at most this many rows before they move into
    /// double (<see cref="FastTensors.GradientSums"/>), as the golden traces' float32 drift requires.
    /// </summary>
    private const int SmallChunkRows = 32;

    private const int LargeParameters = 1 << 16;

    private readonly OptimizerSettings _optimizer;
    private readonly IDropoutMasks _masks;
    private readonly HashDropoutMasks? _hashMasks;
    private readonly int _maxRows;
    private readonly int[] _widths;
    private readonly int[] _strides;
    private readonly uint[] _dropThresholds;
    private readonly float[] _dropoutScales;
    private readonly FastTensors _tensors;
    private readonly int _chunkRows;

    // Workspace: the activations of every layer for one chunk (_activations[0] the gathered inputs, the last the logits);
    // in the backward pass each buffer is overwritten by the gradient with respect to the pre-activation it holds. One
    // panel of such a gradient, packed for the weight-gradient kernel.
    private readonly float[][] _activations;
    private readonly float[] _packedPanel;
    private readonly int[] _labels;
    private readonly ulong[] _stepKeys;
    private readonly float[] _classPadding;

    // u·φ for every unit of the widest layer (the hash's per-unit step, see HashDropoutMasks.UnitBits).
    private readonly uint[] _unitSteps;

    public BatchNetwork(NetworkSpec spec, OptimizerSettings optimizer, IDropoutMasks masks, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        Spec = spec;
        _optimizer = optimizer;
        _masks = masks;
        _hashMasks = masks as HashDropoutMasks;
        _maxRows = maxRows;
        _widths = spec.Widths;
        _strides = _widths.Select(FastNetwork.Pad).ToArray();
        var panelWidth = 4 * TOps.Count;
        var layouts = Enumerable.Range(0, spec.DenseLayers).Select(l => _widths[l + 1] > NarrowOutputs
            ? new WeightLayout(WeightOrder.Panels, _widths[l], _widths[l + 1], _strides[l], _strides[l + 1], panelWidth)
            : new WeightLayout(WeightOrder.ColumnMajor, _widths[l], _widths[l + 1], _strides[l], _strides[l + 1], 0)).ToArray();
        _tensors = new FastTensors(spec, layouts, _strides[1..]);
        _dropThresholds = spec.DropoutRates.Select(HashDropoutMasks.DropThreshold).ToArray();
        _dropoutScales = spec.DropoutRates.Select(rate => rate == 0 ? 1f : (float)(1.0 / (1.0 - rate))).ToArray();
        var parameterCount = layouts.Sum(layout => (long)layout.Inputs * layout.Outputs);
        _chunkRows = Math.Min(PadRows(maxRows), parameterCount > LargeParameters ? LargeChunkRows : SmallChunkRows);
        _activations = _strides.Select(s => new float[_chunkRows * s]).ToArray();
        _packedPanel = new float[_chunkRows * panelWidth];
        _labels = new int[_chunkRows];
        _stepKeys = new ulong[spec.HiddenLayers];
        _classPadding = Enumerable.Range(0, _strides[^1]).Select(c => c < _widths[^1] ? 0f : float.NegativeInfinity).ToArray();
        _unitSteps = Enumerable.Range(0, _strides.Max()).Select(u => (uint)u * HashDropoutMasks.GoldenGamma).ToArray();
    }

    public NetworkSpec Spec { get; }

    public long Step => State.Step;

    public TrainingState State => _tensors.State;

    public SimdWidth Simd => FastNetwork.WidthOf<TOps, TV>();

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
        FastNetwork.CheckData(x, y, _widths[0]);
        var m = rows.Length;
        var chunked = m > _chunkRows;
        if (chunked)
        {
            _tensors.ClearSums();
        }

        for (var l = 0; l < _stepKeys.Length; l++)
        {
            _stepKeys[l] = _hashMasks is null ? 0 : HashDropoutMasks.StepKey(_hashMasks.MaskSeed, Step, l);
        }

        var lossSum = 0.0;
        var correct = 0;
        for (var start = 0; start < m; start += _chunkRows)
        {
            var count = Math.Min(_chunkRows, m - start);
            var padded = PadRows(count);
            for (var r = 0; r < count; r++)
            {
                Gather(x, y, rows[start + r], r);
            }

            ClearRows(count, padded);
            Forward(count, padded, training: true, start);
            var (chunkLoss, chunkCorrect) = SoftmaxCrossEntropy(count, padded, m, training: true);
            lossSum += chunkLoss;
            correct += chunkCorrect;
            Backward(padded);
            if (chunked)
            {
                _tensors.FlushIntoSums<TOps, TV>();
            }
        }

        if (chunked)
        {
            _tensors.GradientsFromSums();
        }

        var regularization = _tensors.Regularize<TOps, TV>();
        return new StepMetrics(lossSum / m, regularization, correct, m);
    }

    /// <summary>Loss and accuracy without dropout, chunk by chunk through the same kernels as training.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Evaluation Evaluate(float[] x, int[] y)
    {
        FastNetwork.CheckData(x, y, _widths[0]);
        var lossSum = 0.0;
        var correct = 0;
        for (var start = 0; start < y.Length; start += _chunkRows)
        {
            var count = Math.Min(_chunkRows, y.Length - start);
            var padded = PadRows(count);
            for (var r = 0; r < count; r++)
            {
                Gather(x, y, start + r, r);
            }

            ClearRows(count, padded);
            Forward(count, padded, training: false, start);
            var (chunkLoss, chunkCorrect) = SoftmaxCrossEntropy(count, padded, y.Length, training: false);
            lossSum += chunkLoss;
            correct += chunkCorrect;
        }

        return new Evaluation(lossSum / y.Length, (double)correct / y.Length);
    }

    private static int PadRows(int rows) => (rows + GemmKernels.TileRows - 1) / GemmKernels.TileRows * GemmKernels.TileRows;

    // Callers checked x.Length == y.Length · features; reading the label first bounds-checks the row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Gather(float[] x, int[] y, int source, int r)
    {
        _labels[r] = y[source];
        var features = _widths[0];
        x.AsSpan(source * features, features).CopyTo(_activations[0].AsSpan(r * _strides[0]));
    }

    // The padding rows of a chunk are zero inputs (they contribute nothing to any gradient).
    private void ClearRows(int count, int padded) =>
        _activations[0].AsSpan(count * _strides[0], (padded - count) * _strides[0]).Clear();

    // inputs (rows, s0) → logits (rows, sK); hidden layers get ReLU and, in training, dropout. The first `count` rows are
    // data, the rest padding.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(int count, int rows, bool training, int firstRow)
    {
        var parameters = _tensors.Parameters;
        var last = Spec.DenseLayers - 1;
        for (var l = 0; l <= last; l++)
        {
            var layout = _tensors.Layouts[l];
            ref var input = ref Data(_activations[l]);
            ref var output = ref Data(_activations[l + 1]);
            ref var w = ref Data(parameters[2 * l]);
            ref var b = ref Data(parameters[(2 * l) + 1]);
            int sIn = _strides[l], sOut = _strides[l + 1];
            var dropping = l < last && training && Spec.DropoutRates[l] != 0;
            var activation = l == last ? Activation.Linear : dropping && _hashMasks is not null ? Activation.ReluDropout : Activation.Relu;
            if (layout.Order == WeightOrder.Panels)
            {
                for (var start = 0; start < sOut; start += layout.PanelWidth)
                {
                    var epilogue = new TileEpilogue(
                        activation, l < last ? _stepKeys[l] : 0, firstRow, l < last ? _dropThresholds[l] : 0, l < last ? _dropoutScales[l] : 1f, ref Unsafe.Add(ref UnitSteps, start));
                    ref var panel = ref Unsafe.Add(ref w, start * sIn);
                    ref var bias = ref Unsafe.Add(ref b, start);
                    ref var z = ref Unsafe.Add(ref output, start);
                    var vectors = layout.PanelWidthAt(start) / TOps.Count;
                    switch (vectors)
                    {
                        case 4:
                            GemmKernels.ForwardPanel<TOps, TV, Four>(ref input, sIn, rows, layout.Inputs, ref panel, ref bias, ref z, sOut, epilogue);
                            break;
                        case 3:
                            GemmKernels.ForwardPanel<TOps, TV, Three>(ref input, sIn, rows, layout.Inputs, ref panel, ref bias, ref z, sOut, epilogue);
                            break;
                        case 2:
                            GemmKernels.ForwardPanel<TOps, TV, Two>(ref input, sIn, rows, layout.Inputs, ref panel, ref bias, ref z, sOut, epilogue);
                            break;
                        default:
                            GemmKernels.ForwardPanel<TOps, TV, One>(ref input, sIn, rows, layout.Inputs, ref panel, ref bias, ref z, sOut, epilogue);
                            break;
                    }
                }
            }
            else
            {
                FastKernels.ForwardColumns<TOps, TV>(ref input, sIn, rows, layout.Outputs, ref w, ref b, ref output, sOut);
                if (activation == Activation.ReluDropout)
                {
                    FastKernels.ReluDropout<TOps, TV>(ref output, sOut, rows, ref UnitSteps, _stepKeys[l], firstRow, _dropThresholds[l], _dropoutScales[l]);
                }
                else if (activation == Activation.Relu)
                {
                    FastKernels.Relu<TOps, TV>(ref output, rows * sOut);
                }
            }

            if (dropping && _hashMasks is null)
            {
                ApplyGivenMask(l, count, firstRow);
            }
        }
    }

    // Test seam: masks from an IDropoutMasks other than the hash (recorded golden masks), one unit at a time.
    private void ApplyGivenMask(int hiddenLayer, int rows, int firstRow)
    {
        var h = _activations[hiddenLayer + 1];
        var s = _strides[hiddenLayer + 1];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < _widths[hiddenLayer + 1]; j++)
            {
                h[(r * s) + j] *= _masks.Keep(Step, hiddenLayer, firstRow + r, j) ? _dropoutScales[hiddenLayer] : 0f;
            }
        }
    }

    /// <summary>
    /// Softmax and cross-entropy of the chunk's logits, row by row over the padded class lanes (lanes beyond the classes
    /// count as −∞): Σ loss and hits of the first <paramref name="count"/> rows; in training the logits are replaced by
    /// dLogits = (p − onehot) / m (0 in padding rows). The loss is −ln p[label] = ln Σe − (z[label] − max), clipped as
    /// the book clips p to [1e−7, 1 − 1e−7]; the prediction is the first largest logit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double LossSum, int Correct) SoftmaxCrossEntropy(int count, int rows, int m, bool training)
    {
        var n = TOps.Count;
        int classes = _widths[^1], s = _strides[^1];
        ref var padding = ref Data(_classPadding);
        var inverseRows = TOps.Create(1f / m);
        var tiny = TOps.Create(FastNetwork.TinyProbability);
        var lossSum = 0.0;
        var correct = 0;
        for (var r = 0; r < count; r++)
        {
            ref var z = ref Unsafe.Add(ref Data(_activations[^1]), r * s);
            var max = TOps.Create(float.NegativeInfinity);
            for (var j = 0; j < s; j += n)
            {
                max = TOps.Max(max, TOps.Add(TOps.Load(ref z, j), TOps.Load(ref padding, j)));
            }

            var largest = TOps.MaxAcross(max);
            var shift = TOps.Create(largest);
            var sums = TOps.Zero;
            for (var j = 0; j < s; j += n)
            {
                sums = TOps.Add(sums, TOps.Exp(TOps.Subtract(TOps.Add(TOps.Load(ref z, j), TOps.Load(ref padding, j)), shift)));
            }

            var sum = TOps.Sum(sums);
            var label = _labels[r];
            var zLabel = Unsafe.Add(ref z, label);
            var loss = Math.Log(sum) - ((double)zLabel - largest);
            lossSum += Math.Clamp(loss, FastNetwork.MinLoss, FastNetwork.MaxLoss);
            var best = 0;
            while (best < classes && !(Unsafe.Add(ref z, best) == largest))
            {
                best++;
            }

            correct += best == label ? 1 : 0;
            if (training)
            {
                // dLogits = (p − onehot) / m, probabilities below TinyProbability being 0 (see there).
                var inverseSum = TOps.Create(1f / sum);
                for (var j = 0; j < s; j += n)
                {
                    var p = TOps.Multiply(TOps.Exp(TOps.Subtract(TOps.Add(TOps.Load(ref z, j), TOps.Load(ref padding, j)), shift)), inverseSum);
                    TOps.Store(TOps.WherePositive(TOps.Subtract(p, tiny), p), ref z, j);
                }

                Unsafe.Add(ref z, label) -= 1f;
                for (var j = 0; j < s; j += n)
                {
                    TOps.Store(TOps.Multiply(TOps.Load(ref z, j), inverseRows), ref z, j);
                }
            }
        }

        if (training)
        {
            _activations[^1].AsSpan(count * s, (rows - count) * s).Clear();
        }

        return (lossSum, correct);
    }

    // dLogits (in the logits buffer) → the gradients of every dense layer; between layers the gradient replaces the
    // activations it belongs to, through the dropout mask and the ReLU.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Backward(int rows)
    {
        var parameters = _tensors.Parameters;
        var gradients = _tensors.Gradients;
        for (var l = Spec.DenseLayers - 1; l >= 0; l--)
        {
            var layout = _tensors.Layouts[l];
            ref var input = ref Data(_activations[l]);
            ref var g = ref Data(_activations[l + 1]);
            ref var w = ref Data(parameters[2 * l]);
            ref var dw = ref Data(gradients[2 * l]);
            ref var db = ref Data(gradients[(2 * l) + 1]);
            int sIn = _strides[l], sOut = _strides[l + 1];
            if (layout.Order == WeightOrder.Panels)
            {
                var depth = PadRows(layout.Inputs);
                for (var start = 0; start < sOut; start += layout.PanelWidth)
                {
                    ref var panel = ref Unsafe.Add(ref dw, start * sIn);
                    var width = layout.PanelWidthAt(start);
                    ref var packed = ref Data(_packedPanel);
                    GemmKernels.PackColumns<TOps, TV>(ref Unsafe.Add(ref g, start), sOut, rows, width, ref packed);
                    switch (width / TOps.Count)
                    {
                        case 4:
                            GemmKernels.WeightsPanel<TOps, TV, Four>(ref input, sIn, rows, depth, ref packed, width, ref panel);
                            break;
                        case 3:
                            GemmKernels.WeightsPanel<TOps, TV, Three>(ref input, sIn, rows, depth, ref packed, width, ref panel);
                            break;
                        case 2:
                            GemmKernels.WeightsPanel<TOps, TV, Two>(ref input, sIn, rows, depth, ref packed, width, ref panel);
                            break;
                        default:
                            GemmKernels.WeightsPanel<TOps, TV, One>(ref input, sIn, rows, depth, ref packed, width, ref panel);
                            break;
                    }
                }

                GemmKernels.ColumnSums<TOps, TV>(ref g, sOut, rows, ref db);
            }
            else
            {
                // These kernels accumulate: start from zero in every chunk.
                gradients[2 * l].AsSpan().Clear();
                gradients[(2 * l) + 1].AsSpan().Clear();
                FastKernels.WeightsColumns<TOps, TV>(ref input, sIn, rows, layout.Outputs, ref g, sOut, ref dw, ref db);
            }

            if (l == 0)
            {
                break;
            }

            var scale = _dropoutScales[l - 1];
            if (layout.Order == WeightOrder.Panels)
            {
                GemmKernels.InputFromPanels<TOps, TV>(ref g, sOut, rows, ref w, layout.PanelWidth, sIn, layout.Inputs, ref input, scale);
            }
            else
            {
                GemmKernels.InputFromColumns<TOps, TV>(ref g, sOut, rows, layout.Outputs, ref w, ref input, sIn, scale);
            }
        }
    }

    private ref uint UnitSteps => ref MemoryMarshal.GetArrayDataReference(_unitSteps);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Data(float[] array) => ref MemoryMarshal.GetArrayDataReference(array);
}
