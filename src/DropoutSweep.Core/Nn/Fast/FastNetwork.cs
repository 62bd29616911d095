using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The production path: the same maths as the reference network in float32, computed block by block (a few rows at
/// a time through every layer, forward then backward) so that activations stay in L1 and gradients accumulate across
/// blocks. Dropout masks are hashed on the fly (<see cref="HashDropoutMasks"/>) inside the ReLU pass. Every buffer is
/// allocated in the constructor; a step allocates nothing.
/// </summary>
internal sealed class FastNetwork : ITrainableNetwork
{
    /// <summary>Rows per block: enough to amortise weight loads, few enough for the block's activations to stay in L1.</summary>
    private const int BlockRows = 8;

    /// <summary>Vectorised dimensions are padded to a multiple of this (16 floats: one AVX-512 vector).</summary>
    private const int Padding = 16;

    private readonly OptimizerSettings _optimizer;
    private readonly IDropoutMasks _masks;
    private readonly HashDropoutMasks? _hashMasks;
    private readonly int _maxRows;
    private readonly int[] _widths;
    private readonly int[] _strides;
    private readonly bool[] _inMajor;
    private readonly uint[] _dropThresholds;
    private readonly float[] _dropoutScales;

    // Parameters, gradients, optimizer state and the real-entry masks: tensor 2l is W of dense layer l, 2l+1 its b.
    private readonly float[][] _parameters;
    private readonly float[][] _gradients;
    private readonly double[][] _gradientSums;
    private readonly float[][] _first;
    private readonly float[][] _second;
    private readonly float[][] _realMasks;
    private readonly float[] _l1;
    private readonly float[] _l2;

    // Block activations: _activations[0] is the input block, _activations[l] (1 ≤ l ≤ hidden) hidden h after ReLU
    // and dropout, the last the logits; _blockGradients[l] is the gradient with respect to _activations[l].
    private readonly float[][] _activations;
    private readonly float[][] _blockGradients;
    private readonly int[] _blockLabels;
    private long _step;

    public FastNetwork(NetworkSpec spec, OptimizerSettings optimizer, IDropoutMasks masks, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        Spec = spec;
        _optimizer = optimizer;
        _masks = masks;
        _hashMasks = masks as HashDropoutMasks;
        _maxRows = maxRows;
        _widths = spec.Widths;
        _strides = _widths.Select(Pad).ToArray();
        var layers = spec.DenseLayers;
        _inMajor = Enumerable.Range(0, layers).Select(l => _widths[l + 1] >= _widths[l]).ToArray();
        _dropThresholds = spec.DropoutRates.Select(HashDropoutMasks.DropThreshold).ToArray();
        _dropoutScales = spec.DropoutRates.Select(rate => (float)(1.0 / (1.0 - rate))).ToArray();

        _parameters = new float[2 * layers][];
        _realMasks = new float[2 * layers][];
        _l1 = new float[2 * layers];
        _l2 = new float[2 * layers];
        for (var l = 0; l < layers; l++)
        {
            int nIn = _widths[l], nOut = _widths[l + 1];
            _parameters[2 * l] = new float[_inMajor[l] ? nIn * _strides[l + 1] : nOut * _strides[l]];
            _parameters[(2 * l) + 1] = new float[_strides[l + 1]];
            _realMasks[2 * l] = new float[_parameters[2 * l].Length];
            _realMasks[(2 * l) + 1] = new float[_strides[l + 1]];
            for (var i = 0; i < nIn; i++)
            {
                for (var j = 0; j < nOut; j++)
                {
                    _realMasks[2 * l][WeightIndex(l, i, j)] = 1f;
                }
            }

            _realMasks[(2 * l) + 1].AsSpan(0, nOut).Fill(1f);
            var regularization = spec.Regularization[l];
            (_l1[2 * l], _l2[2 * l]) = ((float)regularization.WeightL1, (float)regularization.WeightL2);
            (_l1[(2 * l) + 1], _l2[(2 * l) + 1]) = ((float)regularization.BiasL1, (float)regularization.BiasL2);
        }

        _gradients = _parameters.Select(p => new float[p.Length]).ToArray();
        _gradientSums = _parameters.Select(p => new double[p.Length]).ToArray();
        _first = _parameters.Select(p => new float[p.Length]).ToArray();
        _second = _parameters.Select(p => new float[p.Length]).ToArray();
        _activations = _strides.Select(s => new float[BlockRows * s]).ToArray();
        _blockGradients = _strides.Select(s => new float[BlockRows * s]).ToArray();
        _blockLabels = new int[BlockRows];
    }

    public NetworkSpec Spec { get; }

    public long Step => _step;

    public void SetParameters(NetworkParameters parameters)
    {
        for (var l = 0; l < Spec.DenseLayers; l++)
        {
            int nIn = _widths[l], nOut = _widths[l + 1];
            for (var i = 0; i < nIn; i++)
            {
                for (var j = 0; j < nOut; j++)
                {
                    _parameters[2 * l][WeightIndex(l, i, j)] = (float)parameters.Weights[l][(i * nOut) + j];
                }
            }

            for (var j = 0; j < nOut; j++)
            {
                _parameters[(2 * l) + 1][j] = (float)parameters.Biases[l][j];
            }
        }
    }

    public NetworkParameters GetParameters() => Export(_parameters);

    public NetworkParameters GetGradients() => Export(_gradients);

    public StepMetrics ComputeGradients(float[] x, int[] y, ReadOnlySpan<int> rows)
    {
        if (rows.Length > _maxRows || rows.Length == 0)
        {
            throw new ArgumentException($"Batch of {rows.Length} rows: must be 1 to {_maxRows}.", nameof(rows));
        }

        if (Vector512.IsHardwareAccelerated)
        {
            return ComputeGradients<Vector512Ops, Vector512<float>>(x, y, rows);
        }

        return Vector256.IsHardwareAccelerated
            ? ComputeGradients<Vector256Ops, Vector256<float>>(x, y, rows)
            : ComputeGradients<ScalarOps, float>(x, y, rows);
    }

    public void Update()
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Update<Vector512Ops, Vector512<float>>();
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Update<Vector256Ops, Vector256<float>>();
        }
        else
        {
            Update<ScalarOps, float>();
        }
    }

    public Evaluation Evaluate(float[] x, int[] y)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return Evaluate<Vector512Ops, Vector512<float>>(x, y);
        }

        return Vector256.IsHardwareAccelerated ? Evaluate<Vector256Ops, Vector256<float>>(x, y) : Evaluate<ScalarOps, float>(x, y);
    }

    private static int Pad(int width) => (width + Padding - 1) / Padding * Padding;

    /// <summary>Where W[i, j] (book layout) of dense layer <paramref name="layer"/> lives in its padded tensor.</summary>
    private int WeightIndex(int layer, int i, int j) =>
        _inMajor[layer] ? (i * _strides[layer + 1]) + j : (j * _strides[layer]) + i;

    private NetworkParameters Export(float[][] tensors)
    {
        var result = NetworkParameters.Zeros(_widths);
        for (var l = 0; l < Spec.DenseLayers; l++)
        {
            int nIn = _widths[l], nOut = _widths[l + 1];
            for (var i = 0; i < nIn; i++)
            {
                for (var j = 0; j < nOut; j++)
                {
                    result.Weights[l][(i * nOut) + j] = tensors[2 * l][WeightIndex(l, i, j)];
                }
            }

            for (var j = 0; j < nOut; j++)
            {
                result.Biases[l][j] = tensors[(2 * l) + 1][j];
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private StepMetrics ComputeGradients<TOps, TV>(float[] x, int[] y, ReadOnlySpan<int> rows)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        foreach (var gradient in _gradients)
        {
            Array.Clear(gradient);
        }

        foreach (var sum in _gradientSums)
        {
            Array.Clear(sum);
        }

        var m = rows.Length;
        var lossSum = 0.0;
        var correct = 0;
        for (var start = 0; start < m; start += BlockRows)
        {
            var count = Math.Min(BlockRows, m - start);
            Gather(x, y, rows.Slice(start, count));
            Forward<TOps, TV>(count, training: true, firstRow: start);
            var (blockLoss, blockCorrect) = SoftmaxCrossEntropy(count, m);
            lossSum += blockLoss;
            correct += blockCorrect;
            Backward<TOps, TV>(count);
            if ((start / BlockRows) % FlushBlocks == FlushBlocks - 1 || start + count >= m)
            {
                FlushGradients();
            }
        }

        FinishGradients();
        var regularization = 0.0;
        for (var t = 0; t < _parameters.Length; t++)
        {
            var (absSum, squareSum) = FastKernels.Regularize<TOps, TV>(
                ref Data(_parameters[t]), ref Data(_gradients[t]), ref Data(_realMasks[t]), _parameters[t].Length, _l1[t], _l2[t]);
            regularization += (_l1[t] * (double)absSum) + (_l2[t] * (double)squareSum);
        }

        return new StepMetrics(lossSum / m, regularization, correct, m);
    }

    private Evaluation Evaluate<TOps, TV>(float[] x, int[] y)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var lossSum = 0.0;
        var correct = 0;
        for (var start = 0; start < y.Length; start += BlockRows)
        {
            var count = Math.Min(BlockRows, y.Length - start);
            for (var r = 0; r < count; r++)
            {
                GatherRow(x, y, start + r, r);
            }

            Forward<TOps, TV>(count, training: false, firstRow: start);
            var (blockLoss, blockCorrect) = SoftmaxCrossEntropy(count, y.Length);
            lossSum += blockLoss;
            correct += blockCorrect;
        }

        return new Evaluation(lossSum / y.Length, (double)correct / y.Length);
    }

    private void Gather(float[] x, int[] y, ReadOnlySpan<int> rows)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            GatherRow(x, y, rows[r], r);
        }
    }

    private void GatherRow(float[] x, int[] y, int source, int r)
    {
        var features = _widths[0];
        x.AsSpan(source * features, features).CopyTo(_activations[0].AsSpan(r * _strides[0]));
        _blockLabels[r] = y[source];
    }

    // input block (rows, s0) → logits (rows, sK); hidden layers get ReLU and, in training, dropout.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward<TOps, TV>(int rows, bool training, int firstRow)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var last = Spec.DenseLayers - 1;
        for (var l = 0; l <= last; l++)
        {
            ref var input = ref Data(_activations[l]);
            ref var output = ref Data(_activations[l + 1]);
            ref var w = ref Data(_parameters[2 * l]);
            ref var b = ref Data(_parameters[(2 * l) + 1]);
            int sIn = _strides[l], sOut = _strides[l + 1];
            if (_inMajor[l])
            {
                FastKernels.ForwardInMajor<TOps, TV>(ref input, sIn, rows, _widths[l], ref w, ref b, ref output, sOut);
            }
            else
            {
                FastKernels.ForwardOutMajor<TOps, TV>(ref input, sIn, rows, _widths[l + 1], ref w, ref b, ref output, sOut);
            }

            if (l == last)
            {
                break;
            }

            if (!training || Spec.DropoutRates[l] == 0)
            {
                FastKernels.Relu<TOps, TV>(ref output, rows * sOut);
            }
            else if (_hashMasks is not null)
            {
                FastKernels.ReluDropoutForward<TOps, TV>(ref output, sOut, rows, _hashMasks.MaskSeed, _step, l, firstRow, _dropThresholds[l], _dropoutScales[l]);
            }
            else
            {
                FastKernels.Relu<TOps, TV>(ref output, rows * sOut);
                ApplyGivenMask(l, rows, firstRow);
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
                h[(r * s) + j] *= _masks.Keep(_step, hiddenLayer, firstRow + r, j) ? _dropoutScales[hiddenLayer] : 0f;
            }
        }
    }

    // logits (rows, sK), labels → dLogits = (p − onehot) / m into the last block gradient; returns Σ loss, hits.
    private (double LossSum, int Correct) SoftmaxCrossEntropy(int rows, int m)
    {
        var classes = _widths[^1];
        var s = _strides[^1];
        var logits = _activations[^1];
        var dLogits = _blockGradients[^1];
        var lossSum = 0.0;
        var correct = 0;
        for (var r = 0; r < rows; r++)
        {
            var z = logits.AsSpan(r * s, classes);
            var d = dLogits.AsSpan(r * s, classes);
            var max = z[0];
            for (var c = 1; c < classes; c++)
            {
                max = MathF.Max(max, z[c]);
            }

            var sum = 0f;
            for (var c = 0; c < classes; c++)
            {
                d[c] = MathF.Exp(z[c] - max);
                sum += d[c];
            }

            var best = 0;
            for (var c = 0; c < classes; c++)
            {
                d[c] /= sum;
                if (d[c] > d[best])
                {
                    best = c;
                }
            }

            var label = _blockLabels[r];
            lossSum -= Math.Log(Math.Clamp(d[label], Nn.Reference.SoftmaxCrossEntropy.Clip, 1 - Nn.Reference.SoftmaxCrossEntropy.Clip));
            correct += best == label ? 1 : 0;
            for (var c = 0; c < classes; c++)
            {
                d[c] = (d[c] - (c == label ? 1f : 0f)) / m;
            }
        }

        return (lossSum, correct);
    }

    // dLogits → accumulate dW, db of every dense layer; between layers dh → dz through the dropout mask and ReLU.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Backward<TOps, TV>(int rows)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        for (var l = Spec.DenseLayers - 1; l >= 0; l--)
        {
            ref var input = ref Data(_activations[l]);
            ref var g = ref Data(_blockGradients[l + 1]);
            ref var w = ref Data(_parameters[2 * l]);
            ref var dw = ref Data(_gradients[2 * l]);
            ref var db = ref Data(_gradients[(2 * l) + 1]);
            int sIn = _strides[l], sOut = _strides[l + 1];
            if (_inMajor[l])
            {
                FastKernels.BackwardWeightsInMajor<TOps, TV>(ref input, sIn, rows, _widths[l], ref g, sOut, ref dw, ref db);
            }
            else
            {
                FastKernels.BackwardWeightsOutMajor<TOps, TV>(ref input, sIn, rows, _widths[l + 1], ref g, sOut, ref dw, ref db);
            }

            if (l == 0)
            {
                break;
            }

            ref var dInput = ref Data(_blockGradients[l]);
            if (_inMajor[l])
            {
                FastKernels.BackwardInputInMajor<TOps, TV>(ref g, sOut, rows, _widths[l], ref w, ref dInput, sIn);
            }
            else
            {
                FastKernels.BackwardInputOutMajor<TOps, TV>(ref g, sOut, rows, _widths[l + 1], ref w, ref dInput, sIn);
            }

            var hidden = l - 1;
            var scale = Spec.DropoutRates[hidden] == 0 ? 1f : _dropoutScales[hidden];
            FastKernels.ReluDropoutBackward<TOps, TV>(ref input, ref dInput, rows * sIn, scale);
        }
    }

    private void Update<TOps, TV>()
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var lr = (float)_optimizer.LearningRateAt(_step);
        if (_optimizer.Kind == OptimizerKind.Sgd)
        {
            for (var t = 0; t < _parameters.Length; t++)
            {
                FastKernels.Sgd<TOps, TV>(ref Data(_parameters[t]), ref Data(_gradients[t]), ref Data(_first[t]), _parameters[t].Length, lr, (float)_optimizer.Momentum);
            }
        }
        else
        {
            var correction1 = (float)(1.0 / (1.0 - Math.Pow(OptimizerSettings.Beta1, _step + 1)));
            var correction2 = (float)(1.0 / (1.0 - Math.Pow(OptimizerSettings.Beta2, _step + 1)));
            for (var t = 0; t < _parameters.Length; t++)
            {
                FastKernels.Adam<TOps, TV>(
                    ref Data(_parameters[t]), ref Data(_gradients[t]), ref Data(_first[t]), ref Data(_second[t]), _parameters[t].Length, lr, correction1, correction2);
            }
        }

        _step++;
    }

    private const int FlushBlocks = 1;

    private void FlushGradients()
    {
        var last = false;
        for (var t = 0; t < _gradients.Length; t++)
        {
            var partial = _gradients[t];
            var sum = _gradientSums[t];
            for (var k = 0; k < partial.Length; k++)
            {
                sum[k] += partial[k];
                partial[k] = 0f;
            }
        }

        _ = last;
    }

    private void FinishGradients()
    {
        for (var t = 0; t < _gradients.Length; t++)
        {
            var partial = _gradients[t];
            var sum = _gradientSums[t];
            for (var k = 0; k < partial.Length; k++)
            {
                partial[k] = (float)sum[k];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Data(float[] array) => ref MemoryMarshal.GetArrayDataReference(array);
}
