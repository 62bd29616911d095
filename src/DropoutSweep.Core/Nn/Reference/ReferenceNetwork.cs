namespace DropoutSweep.Core.Nn.Reference;

/// <summary>
/// The clear, layer-by-layer network of the book in double precision: (Dense → ReLU → Dropout) per hidden layer,
/// then Dense → Softmax + cross-entropy. Slow and obvious; the fast path is tested against it.
/// </summary>
internal sealed class ReferenceNetwork : ITrainableNetwork
{
    private readonly Dense[] _dense;
    private readonly Dropout[] _dropout;
    private readonly Optimizer _optimizer;
    private readonly IDropoutMasks _masks;
    private readonly int _maxRows;

    // Activations and their gradients, all (maxRows, width), allocated once. _h[l] is the input of dense layer l.
    private readonly double[][] _h;
    private readonly double[][] _z;
    private readonly double[][] _a;
    private readonly double[][] _dH;
    private readonly double[][] _dA;
    private readonly double[][] _dZ;
    private readonly double[] _probabilities;
    private readonly double[] _dLogits;
    private readonly int[] _labels;
    private readonly int[] _rowIndices;

    public ReferenceNetwork(NetworkSpec spec, OptimizerSettings optimizer, IDropoutMasks masks, int maxRows)
    {
        Spec = spec;
        _masks = masks;
        _maxRows = maxRows;
        var widths = spec.Widths;
        _dense = Enumerable.Range(0, spec.DenseLayers).Select(l => new Dense(widths[l], widths[l + 1], spec.Regularization[l])).ToArray();
        _dropout = Enumerable.Range(0, spec.HiddenLayers).Select(l => new Dropout(spec.DropoutRates[l], l, widths[l + 1], maxRows)).ToArray();
        _optimizer = new Optimizer(optimizer, _dense);
        _h = widths.Select(w => new double[maxRows * w]).ToArray();
        _dH = widths.Select(w => new double[maxRows * w]).ToArray();
        _z = widths.Select(w => new double[maxRows * w]).ToArray();
        _a = widths.Select(w => new double[maxRows * w]).ToArray();
        _dA = widths.Select(w => new double[maxRows * w]).ToArray();
        _dZ = widths.Select(w => new double[maxRows * w]).ToArray();
        _probabilities = new double[maxRows * widths[^1]];
        _dLogits = new double[maxRows * widths[^1]];
        _labels = new int[maxRows];
        _rowIndices = new int[maxRows];
    }

    public NetworkSpec Spec { get; }

    public long Step => _optimizer.Step;

    public void SetParameters(NetworkParameters parameters)
    {
        for (var l = 0; l < _dense.Length; l++)
        {
            parameters.Weights[l].CopyTo(_dense[l].Weights, 0);
            parameters.Biases[l].CopyTo(_dense[l].Biases, 0);
        }
    }

    public NetworkParameters GetParameters() =>
        new(Spec.Widths, _dense.Select(d => d.Weights.ToArray()).ToArray(), _dense.Select(d => d.Biases.ToArray()).ToArray());

    public NetworkState CaptureState()
    {
        var (first, second) = _optimizer.CopyMoments();
        return new NetworkState(GetParameters(), Split(first), Split(second), _optimizer.Step);
    }

    public void RestoreState(NetworkState state)
    {
        SetParameters(state.Parameters);
        _optimizer.Restore(Join(state.FirstMoments), Join(state.SecondMoments), state.Step);
    }

    public NetworkParameters GetGradients() =>
        new(Spec.Widths, _dense.Select(d => d.WeightGradients.ToArray()).ToArray(), _dense.Select(d => d.BiasGradients.ToArray()).ToArray());

    public StepMetrics ComputeGradients(float[] x, int[] y, ReadOnlySpan<int> rows)
    {
        var m = rows.Length;
        Gather(x, y, rows);
        var (lossSum, correct) = Forward(m, training: true);
        var regularization = _dense.Sum(d => d.RegularizationLoss());

        // Backward: softmax+CCE → output dense → (dropout → ReLU → dense) per hidden layer, last to first.
        var last = _dense.Length - 1;
        var classes = Spec.Widths[^1];
        SoftmaxCrossEntropy.Backward(_probabilities, _labels.AsSpan(0, m), classes, _dLogits);
        var gradient = _dLogits;
        for (var l = last; l >= 0; l--)
        {
            var dInput = l > 0 ? _dH[l].AsSpan(0, m * _dense[l].Inputs) : Span<double>.Empty;
            _dense[l].Backward(_h[l], gradient, m, dInput);
            if (l > 0)
            {
                var hidden = l - 1;
                _dropout[hidden].Backward(_dH[l], m, _dA[l]);
                Relu.Backward(_z[l].AsSpan(0, m * Spec.Widths[l]), _dA[l], _dZ[l]);
                gradient = _dZ[l];
            }
        }

        return new StepMetrics(lossSum / m, regularization, correct, m);
    }

    public void Update() => _optimizer.Update(_dense);

    public Evaluation Evaluate(float[] x, int[] y)
    {
        var lossSum = 0.0;
        var correct = 0;
        var rows = _rowIndices;
        for (var start = 0; start < y.Length; start += _maxRows)
        {
            var m = Math.Min(_maxRows, y.Length - start);
            for (var r = 0; r < m; r++)
            {
                rows[r] = start + r;
            }

            Gather(x, y, rows.AsSpan(0, m));
            var (chunkLoss, chunkCorrect) = Forward(m, training: false);
            lossSum += chunkLoss;
            correct += chunkCorrect;
        }

        return new Evaluation(lossSum / y.Length, (double)correct / y.Length);
    }

    // The optimizer's tensors (W of layer l at 2l, its b at 2l + 1) as parameters, and back.
    private NetworkParameters Split(double[][] tensors) =>
        new(Spec.Widths, [.. Enumerable.Range(0, _dense.Length).Select(l => tensors[2 * l])], [.. Enumerable.Range(0, _dense.Length).Select(l => tensors[(2 * l) + 1])]);

    private static double[][] Join(NetworkParameters parameters) =>
        [.. parameters.Weights.Zip(parameters.Biases).SelectMany(layer => new[] { layer.First, layer.Second })];

    private void Gather(float[] x, int[] y, ReadOnlySpan<int> rows)
    {
        if (rows.Length > _maxRows)
        {
            throw new ArgumentException($"Batch of {rows.Length} rows exceeds the {_maxRows} this network was built for.", nameof(rows));
        }

        var features = Spec.Widths[0];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var i = 0; i < features; i++)
            {
                _h[0][(r * features) + i] = x[(rows[r] * features) + i];
            }

            _labels[r] = y[rows[r]];
        }
    }

    // _h[0] (m, features) → probabilities (m, classes); hidden layer l: z = h·W + b, a = relu(z), h' = dropout(a).
    private (double LossSum, int Correct) Forward(int m, bool training)
    {
        var last = _dense.Length - 1;
        for (var l = 0; l < last; l++)
        {
            var width = Spec.Widths[l + 1];
            _dense[l].Forward(_h[l], m, _z[l + 1]);
            Relu.Forward(_z[l + 1].AsSpan(0, m * width), _a[l + 1]);
            _dropout[l].Forward(_a[l + 1], m, _h[l + 1], training, _masks, _optimizer.Step);
        }

        var classes = Spec.Widths[^1];
        var logits = _z[last + 1];
        _dense[last].Forward(_h[last], m, logits);
        return SoftmaxCrossEntropy.Forward(logits.AsSpan(0, m * classes), _labels.AsSpan(0, m), classes, _probabilities);
    }
}
