using System.Numerics;
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
    private readonly SimdWidth _simd;
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
    private readonly int _flushRows;
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

    // The fused single-hidden-layer path (see FusedKernels): 4 × 4 logits and their gradients, row keys, given masks,
    // and a sink row standing in for the weight gradients of output classes beyond the real ones (zeros: their weights).
    private readonly bool _fused;
    private readonly float[] _fusedLogits = new float[FusedKernels.Rows * FusedKernels.Rows];
    private readonly float[] _fusedLogitGradients = new float[FusedKernels.Rows * FusedKernels.Rows];
    private readonly float[] _scaledLogitGradients = new float[FusedKernels.Rows * FusedKernels.Rows];
    private readonly uint[] _rowKeys = new uint[FusedKernels.Rows];
    private readonly float[] _givenFactors;
    private readonly float[] _zeros; // as wide as the widest layer: a zero bias, a zero row of weights
    private readonly float[] _sinkRow;
    private readonly float[] _classPadding;
    private readonly float[] _identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

    // u·φ for every unit of the widest layer (the hash's per-unit step, see HashDropoutMasks.UnitBits).
    private readonly uint[] _unitSteps;
    private long _step;

    // HashDropoutMasks.StepKey of the current step's first hidden layer (fused path).
    private ulong _stepKey;

    public FastNetwork(NetworkSpec spec, OptimizerSettings optimizer, IDropoutMasks masks, int maxRows, SimdWidth simd = SimdWidth.Widest)
    {
        _simd = simd == SimdWidth.Widest
            ? Vector512.IsHardwareAccelerated ? SimdWidth.Vector512 : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256 : SimdWidth.Scalar
            : simd;
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
        _flushRows = _parameters.Sum(p => p.Length) > LargeGradients ? LargeFlushRows : FlushRows;
        _first = _parameters.Select(p => new float[p.Length]).ToArray();
        _second = _parameters.Select(p => new float[p.Length]).ToArray();
        _activations = _strides.Select(s => new float[BlockRows * s]).ToArray();
        _blockGradients = _strides.Select(s => new float[BlockRows * s]).ToArray();
        _blockLabels = new int[BlockRows];

        _fused = spec.HiddenLayers == 1 && _inMajor[0] && !_inMajor[1] && _widths[2] <= FusedKernels.Rows;
        _givenFactors = new float[FusedKernels.Rows * _strides[1]];
        _zeros = new float[_strides.Max()];
        _sinkRow = new float[_strides[1]];
        _classPadding = Enumerable.Range(0, FusedKernels.Rows).Select(c => c < _widths[^1] ? 0f : float.NegativeInfinity).ToArray();
        _unitSteps = new uint[_strides.Max()];
        for (var u = 0; u < _unitSteps.Length; u++)
        {
            _unitSteps[u] = (uint)u * HashDropoutMasks.GoldenGamma;
        }
    }

    public NetworkSpec Spec { get; }

    public long Step => _step;

    public void SetParameters(NetworkParameters parameters) => Import(parameters, _parameters);

    public NetworkParameters GetParameters() => Export(_parameters);

    public NetworkState CaptureState() => new(Export(_parameters), Export(_first), Export(_second), _step);

    public void RestoreState(NetworkState state)
    {
        Import(state.Parameters, _parameters);
        Import(state.FirstMoments, _first);
        Import(state.SecondMoments, _second);
        _step = state.Step;
    }

    public NetworkParameters GetGradients() => Export(_gradients);

    public StepMetrics ComputeGradients(float[] x, int[] y, ReadOnlySpan<int> rows)
    {
        if (rows.Length > _maxRows || rows.Length == 0)
        {
            throw new ArgumentException($"Batch of {rows.Length} rows: must be 1 to {_maxRows}.", nameof(rows));
        }

        CheckData(x, y);

        return _simd switch
        {
            SimdWidth.Vector512 => ComputeGradients<Vector512Ops, Vector512<float>>(x, y, rows),
            SimdWidth.Vector256 => ComputeGradients<Vector256Ops, Vector256<float>>(x, y, rows),
            _ => ComputeGradients<ScalarOps, float>(x, y, rows),
        };
    }

    public void Update()
    {
        switch (_simd)
        {
            case SimdWidth.Vector512:
                Update<Vector512Ops, Vector512<float>>();
                break;
            case SimdWidth.Vector256:
                Update<Vector256Ops, Vector256<float>>();
                break;
            default:
                Update<ScalarOps, float>();
                break;
        }
    }

    public Evaluation Evaluate(float[] x, int[] y)
    {
        CheckData(x, y);
        return _simd switch
        {
            SimdWidth.Vector512 => Evaluate<Vector512Ops, Vector512<float>>(x, y),
            SimdWidth.Vector256 => Evaluate<Vector256Ops, Vector256<float>>(x, y),
            _ => Evaluate<ScalarOps, float>(x, y),
        };
    }

    private void CheckData(float[] x, int[] y)
    {
        if (x.Length != y.Length * _widths[0])
        {
            throw new ArgumentException($"{x.Length} feature values for {y.Length} labels: expected {_widths[0]} features per row.", nameof(x));
        }
    }

    private static int Pad(int width) => (width + Padding - 1) / Padding * Padding;

    /// <summary>Where W[i, j] (book layout) of dense layer <paramref name="layer"/> lives in its padded tensor.</summary>
    private int WeightIndex(int layer, int i, int j) =>
        _inMajor[layer] ? (i * _strides[layer + 1]) + j : (j * _strides[layer]) + i;

    // Book layout → this network's (padded) tensors; padding entries are never written, so they stay zero.
    private void Import(NetworkParameters parameters, float[][] tensors)
    {
        for (var l = 0; l < Spec.DenseLayers; l++)
        {
            int nIn = _widths[l], nOut = _widths[l + 1];
            for (var i = 0; i < nIn; i++)
            {
                for (var j = 0; j < nOut; j++)
                {
                    tensors[2 * l][WeightIndex(l, i, j)] = (float)parameters.Weights[l][(i * nOut) + j];
                }
            }

            for (var j = 0; j < nOut; j++)
            {
                tensors[(2 * l) + 1][j] = (float)parameters.Biases[l][j];
            }
        }
    }

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
        _stepKey = _hashMasks is null ? 0 : HashDropoutMasks.StepKey(_hashMasks.MaskSeed, _step, 0);
        var sinceFlush = 0;
        for (var start = 0; start < m && _fused; start += FusedKernels.Rows)
        {
            var count = Math.Min(FusedKernels.Rows, m - start);
            Gather(x, y, rows.Slice(start, count));
            var (blockLoss, blockCorrect) = FusedBlock<TOps, TV>(count, m, training: true, firstRow: start);
            lossSum += blockLoss;
            correct += blockCorrect;
            sinceFlush += count;
            if (sinceFlush >= _flushRows || start + count >= m)
            {
                FlushGradients<TOps, TV>();
                sinceFlush = 0;
            }
        }

        for (var start = 0; start < m && !_fused; start += BlockRows)
        {
            var count = Math.Min(BlockRows, m - start);
            Gather(x, y, rows.Slice(start, count));
            Forward<TOps, TV>(count, training: true, firstRow: start);
            var (blockLoss, blockCorrect) = SoftmaxCrossEntropy(count, m);
            lossSum += blockLoss;
            correct += blockCorrect;
            Backward<TOps, TV>(count);
            if ((start + count) % _flushRows == 0 || start + count >= m)
            {
                FlushGradients<TOps, TV>();
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Evaluation Evaluate<TOps, TV>(float[] x, int[] y)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var lossSum = 0.0;
        var correct = 0;
        var blockRows = _fused ? FusedKernels.Rows : BlockRows;
        for (var start = 0; start < y.Length; start += blockRows)
        {
            var count = Math.Min(blockRows, y.Length - start);
            for (var r = 0; r < count; r++)
            {
                GatherRow(x, y, start + r, r);
            }

            (double, int) block;
            if (_fused)
            {
                block = FusedBlock<TOps, TV>(count, y.Length, training: false, firstRow: start);
            }
            else
            {
                Forward<TOps, TV>(count, training: false, firstRow: start);
                block = SoftmaxCrossEntropy(count, y.Length);
            }

            var (blockLoss, blockCorrect) = block;
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

    // Callers checked x.Length == y.Length · features; reading the label first bounds-checks the row.
    private void GatherRow(float[] x, int[] y, int source, int r)
    {
        _blockLabels[r] = y[source];
        var features = _widths[0];
        if (features <= Padding)
        {
            // A couple of features (the spiral's 2): a plain loop beats a Span copy's checks and call.
            ref var from = ref Unsafe.Add(ref Data(x), source * features);
            ref var to = ref Unsafe.Add(ref Data(_activations[0]), r * _strides[0]);
            for (var i = 0; i < features; i++)
            {
                Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
            }
        }
        else
        {
            x.AsSpan(source * features, features).CopyTo(_activations[0].AsSpan(r * _strides[0]));
        }
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
                FastKernels.ReluDropoutForward<TOps, TV>(ref output, sOut, rows, ref MemoryMarshal.GetArrayDataReference(_unitSteps), _hashMasks.MaskSeed, _step, l, firstRow, _dropThresholds[l], _dropoutScales[l]);
            }
            else
            {
                FastKernels.Relu<TOps, TV>(ref output, rows * sOut);
                ApplyGivenMask(l, rows, firstRow);
            }
        }
    }

    // One block of up to 4 rows (already gathered) through the fused kernels compiled for the class count.
    private (double LossSum, int Correct) FusedBlock<TOps, TV>(int count, int m, bool training, int firstRow)
        where TOps : struct, IVectorOps<TV>
        where TV : struct =>
        _widths[2] switch
        {
            2 => FusedBlock<TOps, TV, TwoClasses>(count, m, training, firstRow),
            3 => FusedBlock<TOps, TV, ThreeClasses>(count, m, training, firstRow),
            _ => FusedBlock<TOps, TV, FourClasses>(count, m, training, firstRow),
        };

    // Forward, loss, and in training the backward pass accumulating every gradient.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double LossSum, int Correct) FusedBlock<TOps, TV, TClasses>(int count, int m, bool training, int firstRow)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
        where TClasses : struct, IClassCount
    {
        const int rows = FusedKernels.Rows;
        int sIn = _strides[0], sH = _strides[1], sK = _strides[2], classes = _widths[2];
        _activations[0].AsSpan(count * sIn, (rows - count) * sIn).Clear();
        var mode = !training || Spec.DropoutRates[0] == 0 ? MaskMode.None : _hashMasks is not null ? MaskMode.Hashed : MaskMode.Given;
        if (mode == MaskMode.Hashed)
        {
            _rowKeys[0] = HashDropoutMasks.PairKey(_stepKey, firstRow);
            _rowKeys[1] = HashDropoutMasks.PairKey(_stepKey, firstRow + 2);
        }
        else if (mode == MaskMode.Given)
        {
            for (var r = 0; r < count; r++)
            {
                for (var j = 0; j < _widths[1]; j++)
                {
                    _givenFactors[(r * sH) + j] = _masks.Keep(_step, 0, firstRow + r, j) ? _dropoutScales[0] : 0f;
                }
            }
        }

        var w2 = _parameters[2];
        var dw2 = _gradients[2];
        ref var w2c0 = ref Data(w2);
        ref var w2c1 = ref classes > 1 ? ref Unsafe.Add(ref w2c0, sH) : ref Data(_zeros);
        ref var w2c2 = ref classes > 2 ? ref Unsafe.Add(ref w2c0, 2 * sH) : ref Data(_zeros);
        ref var w2c3 = ref classes > 3 ? ref Unsafe.Add(ref w2c0, 3 * sH) : ref Data(_zeros);
        ref var x = ref Data(_activations[0]);
        ref var w1 = ref Data(_parameters[0]);
        ref var b1 = ref Data(_parameters[1]);
        ref var h = ref Data(_activations[1]);
        ref var unitSteps = ref MemoryMarshal.GetArrayDataReference(_unitSteps);
        ref var given = ref Data(_givenFactors);
        var (nIn, threshold) = (_widths[0], _dropThresholds[0]);
        FusedKernels.Forward<TOps, TV, TClasses>(ref x, sIn, nIn, ref w1, ref b1, sH, ref w2c0, ref w2c1, ref w2c2, ref w2c3, ref h, _fusedLogits, mode, _rowKeys, ref unitSteps, threshold, _dropoutScales[0], ref given);

        var result = count == FusedKernels.Rows && _simd == SimdWidth.Vector512
            ? FusedSoftmaxCrossEntropy4(m, training)
            : FusedSoftmaxCrossEntropy(count, m, training);
        if (!training)
        {
            return result;
        }

        ref var dw2c0 = ref Data(dw2);
        ref var dw2c1 = ref classes > 1 ? ref Unsafe.Add(ref dw2c0, sH) : ref Data(_sinkRow);
        ref var dw2c2 = ref classes > 2 ? ref Unsafe.Add(ref dw2c0, 2 * sH) : ref Data(_sinkRow);
        ref var dw2c3 = ref classes > 3 ? ref Unsafe.Add(ref dw2c0, 3 * sH) : ref Data(_sinkRow);
        ref var dw1 = ref Data(_gradients[0]);
        ref var db1 = ref Data(_gradients[1]);
        FusedKernels.Backward<TOps, TV, TClasses>(ref x, sIn, nIn, ref h, sH, ref w2c0, ref w2c1, ref w2c2, ref w2c3, ref dw2c0, ref dw2c1, ref dw2c2, ref dw2c3, ref dw1, ref db1, _fusedLogitGradients, _scaledLogitGradients);
        return result;
    }

    // The fused path's softmax + cross-entropy, one row of up to four classes per Vector128: logits (4 rows × 4 lanes,
    // lanes beyond the classes at −∞) → Σ loss and hits; in training dLogits = (p − onehot) / m and db2 += Σ_rows.
    private (double LossSum, int Correct) FusedSoftmaxCrossEntropy(int count, int m, bool training)
    {
        const int rows = FusedKernels.Rows;
        var bias = Vector128.LoadUnsafe(ref Data(_parameters[3]));
        var padding = Vector128.LoadUnsafe(ref Data(_classPadding));
        var batch = Vector128.Create((float)m);
        var biasGradient = Vector128<float>.Zero;
        var lossSum = 0.0;
        var correct = 0;
        Array.Clear(_fusedLogitGradients);
        for (var r = 0; r < count; r++)
        {
            var z = Vector128.LoadUnsafe(ref _fusedLogits[r * rows]) + bias + padding;
            var e = Vector128.Exp(z - RowMax(z));
            var p = e / (Vector128.Create(Vector128.Sum(e)));
            p = Vector128.ConditionalSelect(Vector128.GreaterThan(p, Vector128.Create(TinyProbability)), p, Vector128<float>.Zero);
            var label = _blockLabels[r];
            lossSum -= Math.Log(Math.Clamp(p.GetElement(label), Nn.Reference.SoftmaxCrossEntropy.Clip, 1 - Nn.Reference.SoftmaxCrossEntropy.Clip));
            var best = BitOperations.TrailingZeroCount(Vector128.ExtractMostSignificantBits(Vector128.Equals(p, RowMax(p))));
            correct += best == label ? 1 : 0;
            if (training)
            {
                var oneHot = Vector128.ConditionalSelect(Vector128.Equals(Vector128<int>.Indices, Vector128.Create(label)).AsSingle(), Vector128<float>.One, Vector128<float>.Zero);
                var d = (p - oneHot) / batch;
                d.StoreUnsafe(ref _fusedLogitGradients[r * rows]);
                biasGradient += d;
            }
        }

        if (training)
        {
            ref var db2 = ref Data(_gradients[3]);
            (Vector128.LoadUnsafe(ref db2) + biasGradient).StoreUnsafe(ref db2);
            var scale = Spec.DropoutRates[0] == 0 ? 1f : _dropoutScales[0];
            for (var k = 0; k < _fusedLogitGradients.Length; k++)
            {
                _scaledLogitGradients[k] = _fusedLogitGradients[k] * scale;
            }
        }

        return (lossSum, correct);

        static Vector128<float> RowMax(Vector128<float> v)
        {
            v = Vector128.Max(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
            return Vector128.Max(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
        }
    }

    // The same for a full block of four rows at once, one Vector512 of 4 rows × 4 class lanes: the per-row version's
    // exp, log and divisions were most of the per-block cost of small networks.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double LossSum, int Correct) FusedSoftmaxCrossEntropy4(int m, bool training)
    {
        const int rows = FusedKernels.Rows;
        var bias = Vector128.LoadUnsafe(ref Data(_parameters[3])) + Vector128.LoadUnsafe(ref Data(_classPadding));
        var z = Vector512.LoadUnsafe(ref Data(_fusedLogits)) + Vector512.Create(Vector256.Create(bias, bias), Vector256.Create(bias, bias));

        // Within each row's 4 lanes: max, exp, sum.
        var pairs = Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
        var halves = Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
        var max = Vector512.Max(z, Vector512.Shuffle(z, pairs));
        max = Vector512.Max(max, Vector512.Shuffle(max, halves));
        var e = Vector512.Exp(z - max);
        var sum = e + Vector512.Shuffle(e, pairs);
        sum += Vector512.Shuffle(sum, halves);
        var p = e / sum;
        p = Vector512.ConditionalSelect(Vector512.GreaterThan(p, Vector512.Create(TinyProbability)), p, Vector512<float>.Zero);

        // Loss: −ln clip(p[label]) per row, in double.
        int l0 = _blockLabels[0], l1 = _blockLabels[1], l2 = _blockLabels[2], l3 = _blockLabels[3];
        var picked = Vector256.Create((double)p.GetElement(l0), p.GetElement(rows + l1), p.GetElement((2 * rows) + l2), p.GetElement((3 * rows) + l3));
        var clipped = Vector256.Min(Vector256.Max(picked, Vector256.Create(Nn.Reference.SoftmaxCrossEntropy.Clip)), Vector256.Create(1 - Nn.Reference.SoftmaxCrossEntropy.Clip));
        var lossSum = -Vector256.Sum(Vector256.Log(clipped));

        // Accuracy: the first lane holding its row's maximum.
        var pMax = Vector512.Max(p, Vector512.Shuffle(p, pairs));
        pMax = Vector512.Max(pMax, Vector512.Shuffle(pMax, halves));
        var firsts = Vector512.ExtractMostSignificantBits(Vector512.Equals(p, pMax));
        var correct = 0;
        correct += BitOperations.TrailingZeroCount(firsts & 0xF) == l0 ? 1 : 0;
        correct += BitOperations.TrailingZeroCount((firsts >> 4) & 0xF) == l1 ? 1 : 0;
        correct += BitOperations.TrailingZeroCount((firsts >> 8) & 0xF) == l2 ? 1 : 0;
        correct += BitOperations.TrailingZeroCount((firsts >> 12) & 0xF) == l3 ? 1 : 0;
        if (!training)
        {
            return (lossSum, correct);
        }

        // dLogits = (p − onehot) / m; db2 += Σ_rows; and the dropout-scaled copy for dh.
        var oneHot = Vector512.Create(
            Vector256.Create(Vector128.LoadUnsafe(ref _identity[l0 * rows]), Vector128.LoadUnsafe(ref _identity[l1 * rows])),
            Vector256.Create(Vector128.LoadUnsafe(ref _identity[l2 * rows]), Vector128.LoadUnsafe(ref _identity[l3 * rows])));
        var d = (p - oneHot) / Vector512.Create((float)m);
        d.StoreUnsafe(ref Data(_fusedLogitGradients));
        (d * Vector512.Create(Spec.DropoutRates[0] == 0 ? 1f : _dropoutScales[0])).StoreUnsafe(ref Data(_scaledLogitGradients));
        var folded = d.GetLower() + d.GetUpper();
        ref var db2 = ref Data(_gradients[3]);
        (Vector128.LoadUnsafe(ref db2) + folded.GetLower() + folded.GetUpper()).StoreUnsafe(ref db2);
        return (lossSum, correct);
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
                d[c] = d[c] > TinyProbability ? d[c] : 0f;
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
                FastKernels.ForwardInMajor<TOps, TV>(ref g, sOut, rows, _widths[l + 1], ref w, ref Data(_zeros), ref dInput, sIn);
            }

            var hidden = l - 1;
            var scale = Spec.DropoutRates[hidden] == 0 ? 1f : _dropoutScales[hidden];
            FastKernels.ReluDropoutBackward<TOps, TV>(ref input, ref dInput, rows * sIn, scale);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// Probabilities below this are 0. A confident network's other classes get exp(z − max) far below float's smallest
    /// normal (1.2e-38); their subnormal p, and the logit gradients p/m made from it, would cost an x86 microcode assist
    /// in every FMA of the backward sweep that uses them (measured: the seed configuration's epoch grew from 0.87 to
    /// 1.23 ms late in training). The loss clips p at 1e-7 anyway; a gradient of 1e-30/m is 0 for every purpose.
    /// </summary>
    private const float TinyProbability = 1e-30f;

    /// <summary>
    /// Gradient sums run in float32 over at most this many rows, then move into double: rounding noise in small
    /// gradients is what Adam amplifies, and float32 sums over thousands of rows drifted from the golden traces far more
    /// than numpy's float32 does (nnfs itself accumulates its dot products in float64).
    /// </summary>
    private const int FlushRows = 32;

    /// <summary>The flush interval when the gradients outgrow L1/L2 (784→128: 100k floats), where each flush streams them from memory.</summary>
    private const int LargeFlushRows = 128;

    private const int LargeGradients = 1 << 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FlushGradients<TOps, TV>()
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        for (var t = 0; t < _gradients.Length; t++)
        {
            ref var partial = ref Data(_gradients[t]);
            ref var sum = ref MemoryMarshal.GetArrayDataReference(_gradientSums[t]);
            var count = _gradients[t].Length;
            for (var k = 0; k < count; k += TOps.Count)
            {
                TOps.FlushInto(ref partial, ref sum, k);
            }
        }
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
