namespace DropoutSweep.Core.Nn.Model;

/// <summary>
/// A trained network with what it takes to use it on new rows: the feature columns it reads, their scaling, its dense
/// layers (ReLU between them, softmax at the end; dropout is off outside training) and the label of each class.
/// <see cref="Probabilities(ReadOnlySpan{double}, Span{double})"/> is the forward pass, in double precision.
/// </summary>
public sealed class SavedModel
{
    private readonly int _widest;

    // The layers' numbers as arrays, for a forward pass without interface calls.
    private readonly double[][] _weights;
    private readonly double[][] _biases;

    public SavedModel(
        IReadOnlyList<string> featureNames,
        string? labelColumn,
        IReadOnlyList<string> classNames,
        FeatureScaling scaling,
        IReadOnlyList<SavedLayer> layers,
        ModelSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(scaling);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("A model needs at least one dense layer.", nameof(layers));
        }

        for (var l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            var inputs = l == 0 ? featureNames.Count : layers[l - 1].Outputs;
            if (layer.Inputs != inputs || layer.Weights.Count != layer.Inputs * layer.Outputs || layer.Biases.Count != layer.Outputs)
            {
                throw new ArgumentException(
                    $"Layer {l} ({layer.Inputs}→{layer.Outputs}, {layer.Weights.Count} weights, {layer.Biases.Count} biases) does not follow {inputs} inputs.",
                    nameof(layers));
            }
        }

        if (layers[^1].Outputs != classNames.Count)
        {
            throw new ArgumentException($"The last layer has {layers[^1].Outputs} outputs for {classNames.Count} classes.", nameof(classNames));
        }

        if (scaling.Shift.Count != featureNames.Count || scaling.Scale.Count != featureNames.Count)
        {
            throw new ArgumentException($"The scaling has {scaling.Shift.Count} shifts and {scaling.Scale.Count} scales for {featureNames.Count} features.", nameof(scaling));
        }

        FeatureNames = featureNames;
        LabelColumn = labelColumn;
        ClassNames = classNames;
        Scaling = scaling;
        Layers = layers;
        Source = source;
        _widest = Math.Max(featureNames.Count, layers.Max(layer => layer.Outputs));
        _weights = layers.Select(layer => layer.Weights.ToArray()).ToArray();
        _biases = layers.Select(layer => layer.Biases.ToArray()).ToArray();
    }

    /// <summary>The input columns, in the order the first layer reads them.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The label column of the training data (null when the data had none, as for the spiral).</summary>
    public string? LabelColumn { get; }

    /// <summary>The label of class k, as in the training data (<c>setosa</c>, <c>3</c>).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public FeatureScaling Scaling { get; }

    public IReadOnlyList<SavedLayer> Layers { get; }

    public ModelSource? Source { get; }

    public int Features => FeatureNames.Count;

    public int Classes => ClassNames.Count;

    /// <summary>Input, hidden and output widths (<c>[2, 64, 3]</c>).</summary>
    public IReadOnlyList<int> LayerSizes => [Features, .. Layers.Select(layer => layer.Outputs)];

    /// <summary>A model of a trained network's parameters (the book's layout, as both training paths give them).</summary>
    internal static SavedModel FromParameters(
        NetworkParameters parameters,
        IReadOnlyList<string> featureNames,
        string? labelColumn,
        IReadOnlyList<string> classNames,
        FeatureScaling scaling,
        ModelSource? source = null)
    {
        var layers = Enumerable.Range(0, parameters.Widths.Length - 1)
            .Select(l => new SavedLayer(parameters.Widths[l], parameters.Widths[l + 1], parameters.Weights[l].ToArray(), parameters.Biases[l].ToArray()))
            .ToArray();
        return new SavedModel(featureNames, labelColumn, classNames, scaling, layers, source);
    }

    /// <summary>Class probabilities of one row of raw feature values (in <see cref="FeatureNames"/> order).</summary>
    public double[] Probabilities(ReadOnlySpan<double> rawFeatures)
    {
        var probabilities = new double[Classes];
        Probabilities(rawFeatures, probabilities);
        return probabilities;
    }

    /// <summary>Writes the class probabilities of one row of raw feature values into <paramref name="probabilities"/>.</summary>
    public void Probabilities(ReadOnlySpan<double> rawFeatures, Span<double> probabilities)
    {
        if (rawFeatures.Length != Features)
        {
            throw new ArgumentException($"Expected {Features} feature values, got {rawFeatures.Length}.", nameof(rawFeatures));
        }

        Span<double> input = _widest <= 256 ? stackalloc double[_widest] : new double[_widest];
        Span<double> output = _widest <= 256 ? stackalloc double[_widest] : new double[_widest];
        for (var i = 0; i < Features; i++)
        {
            // The loader stores scaled inputs as float32; the network was trained and evaluated on exactly those.
            input[i] = Scaling.Apply(i, rawFeatures[i]);
        }

        for (var l = 0; l < Layers.Count; l++)
        {
            // z = a·W + b  (a (inputs), W (inputs, outputs), z (outputs)); ReLU after every hidden layer.
            var (inputs, outputs) = (Layers[l].Inputs, Layers[l].Outputs);
            _biases[l].CopyTo(output);
            for (var i = 0; i < inputs; i++)
            {
                var a = input[i];
                var w = _weights[l].AsSpan(i * outputs, outputs);
                for (var j = 0; j < outputs; j++)
                {
                    output[j] += a * w[j];
                }
            }

            if (l < Layers.Count - 1)
            {
                for (var j = 0; j < outputs; j++)
                {
                    input[j] = Math.Max(0, output[j]);
                }
            }
        }

        // Softmax, shifted by the largest logit.
        var logits = output[..Classes];
        var max = logits[0];
        foreach (var z in logits)
        {
            max = Math.Max(max, z);
        }

        var sum = 0.0;
        for (var c = 0; c < Classes; c++)
        {
            probabilities[c] = Math.Exp(logits[c] - max);
            sum += probabilities[c];
        }

        for (var c = 0; c < Classes; c++)
        {
            probabilities[c] /= sum;
        }
    }

    /// <summary>The predicted class: the first most probable one (as numpy's argmax and the trainer's accuracy).</summary>
    public static int ArgMax(ReadOnlySpan<double> probabilities)
    {
        var best = 0;
        for (var c = 1; c < probabilities.Length; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }

        return best;
    }
}
