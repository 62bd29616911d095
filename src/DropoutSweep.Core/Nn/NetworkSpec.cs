namespace DropoutSweep.Core.Nn;

/// <summary>
/// The shape of one network as both training paths build it: layer widths (input, hidden..., classes), the
/// regularisation of every dense layer and the dropout rate after every hidden ReLU.
/// </summary>
internal sealed record NetworkSpec
{
    public NetworkSpec(IReadOnlyList<int> widths, IReadOnlyList<LayerRegularization> regularization, IReadOnlyList<double> dropoutRates)
    {
        if (widths.Count < 2)
        {
            throw new ArgumentException("A network needs at least an input and an output width.", nameof(widths));
        }

        for (var i = 0; i < widths.Count; i++)
        {
            if (widths[i] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(widths), $"Layer width {i} is {widths[i]}: must be at least 1.");
            }
        }

        if (regularization.Count != widths.Count - 1)
        {
            throw new ArgumentException($"Expected {widths.Count - 1} regularisation entries (one per dense layer), got {regularization.Count}.", nameof(regularization));
        }

        if (dropoutRates.Count != widths.Count - 2)
        {
            throw new ArgumentException($"Expected {widths.Count - 2} dropout rates (one per hidden layer), got {dropoutRates.Count}.", nameof(dropoutRates));
        }

        foreach (var rate in dropoutRates)
        {
            if (!(rate >= 0 && rate < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(dropoutRates), $"DropoutRate = {rate}: must be in [0, 1).");
            }
        }

        Widths = [.. widths];
        Regularization = [.. regularization];
        DropoutRates = [.. dropoutRates];
    }

    /// <summary>Input features, then each hidden width, then the number of classes.</summary>
    public int[] Widths { get; }

    /// <summary>One entry per dense layer, the output layer last.</summary>
    public LayerRegularization[] Regularization { get; }

    /// <summary>Probability of dropping, one per hidden layer.</summary>
    public double[] DropoutRates { get; }

    public int DenseLayers => Widths.Length - 1;

    public int HiddenLayers => Widths.Length - 2;

    /// <summary>The network that <paramref name="options"/> describe for data with the given features and classes.</summary>
    public static NetworkSpec FromOptions(TrainingOptions options, int features, int classes)
    {
        var widths = new List<int> { features };
        widths.AddRange(options.Hidden);
        widths.Add(classes);
        var hidden = new LayerRegularization(options.L1, options.L2, options.EffectiveBiasL1, options.EffectiveBiasL2);
        var output = new LayerRegularization(options.OutputL1, options.OutputL2, options.EffectiveOutputBiasL1, options.EffectiveOutputBiasL2);
        var regularization = Enumerable.Repeat(hidden, options.Hidden.Count).Append(output).ToArray();
        var rates = Enumerable.Repeat(options.DropoutRate, options.Hidden.Count).ToArray();
        return new NetworkSpec(widths, regularization, rates);
    }
}
