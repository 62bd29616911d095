namespace DropoutSweep.Core.Nn.Reference;

/// <summary>
/// The book's optimizers over a list of dense layers: Adam (bias-corrected, ε outside the square root) or SGD with
/// momentum (u = momentum·u − lr·g; p += u), both with lr/(1 + decay·t).
/// </summary>
internal sealed class Optimizer
{
    private readonly OptimizerSettings _settings;
    private readonly double[][] _first;
    private readonly double[][] _second;
    private long _step;

    public Optimizer(OptimizerSettings settings, IReadOnlyList<Dense> layers)
    {
        _settings = settings;
        var tensors = layers.SelectMany(l => new[] { l.Weights.Length, l.Biases.Length }).ToArray();
        _first = tensors.Select(n => new double[n]).ToArray();
        _second = tensors.Select(n => new double[n]).ToArray();
    }

    public long Step => _step;

    /// <summary>Tensor 2l is layer l's weights, 2l + 1 its biases: m (SGD: the velocity) and v, copied.</summary>
    public (double[][] First, double[][] Second) CopyMoments() =>
        (_first.Select(m => m.ToArray()).ToArray(), _second.Select(v => v.ToArray()).ToArray());

    /// <summary>Continues from moments (as <see cref="CopyMoments"/> gives them) and a step count.</summary>
    public void Restore(double[][] first, double[][] second, long step)
    {
        for (var t = 0; t < _first.Length; t++)
        {
            first[t].CopyTo(_first[t], 0);
            second[t].CopyTo(_second[t], 0);
        }

        _step = step;
    }

    public void Update(IReadOnlyList<Dense> layers)
    {
        var lr = _settings.LearningRateAt(_step);
        for (var l = 0; l < layers.Count; l++)
        {
            Update(layers[l].Weights, layers[l].WeightGradients, 2 * l, lr);
            Update(layers[l].Biases, layers[l].BiasGradients, (2 * l) + 1, lr);
        }

        _step++;
    }

    private void Update(double[] parameters, double[] gradients, int tensor, double lr)
    {
        var m = _first[tensor];
        if (_settings.Kind == OptimizerKind.Sgd)
        {
            for (var k = 0; k < parameters.Length; k++)
            {
                m[k] = (_settings.Momentum * m[k]) - (lr * gradients[k]);
                parameters[k] += m[k];
            }

            return;
        }

        const double b1 = OptimizerSettings.Beta1, b2 = OptimizerSettings.Beta2;
        var v = _second[tensor];
        var correction1 = 1 - Math.Pow(b1, _step + 1);
        var correction2 = 1 - Math.Pow(b2, _step + 1);
        for (var k = 0; k < parameters.Length; k++)
        {
            var g = gradients[k];
            m[k] = (b1 * m[k]) + ((1 - b1) * g);
            v[k] = (b2 * v[k]) + ((1 - b2) * g * g);
            var mHat = m[k] / correction1;
            var vHat = v[k] / correction2;
            parameters[k] -= lr * mHat / (Math.Sqrt(vHat) + OptimizerSettings.Epsilon);
        }
    }
}
