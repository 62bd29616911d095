namespace DropoutSweep.Core.Nn;

/// <summary>
/// Everything that defines how one network is trained for one trial: architecture, regularisation, optimizer,
/// schedule. A sweep varies some of these; the rest come from the sweep's <c>Training</c> section.
/// </summary>
public sealed record TrainingOptions
{
    // Held as a plain array: a collection expression assigned to IReadOnlyList<int> is a compiler-generated type that
    // the wire serializer (Newtonsoft, type names on) cannot construct on the receiving node.
    private readonly int[] _hidden = [512];

    /// <summary>Widths of the hidden layers, input side first; each is followed by ReLU and Dropout.</summary>
    public IReadOnlyList<int> Hidden { get => _hidden; init => _hidden = [.. value]; }

    public int Epochs { get; init; } = 2000;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    public double LearningRate { get; init; } = 0.05;

    /// <summary>Learning-rate decay: lr_t = lr / (1 + Decay·t), t counting optimizer steps from 0.</summary>
    public double Decay { get; init; } = 5e-5;

    /// <summary>Momentum of SGD; ignored by Adam.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Probability of dropping a hidden activation in training (0 ≤ rate &lt; 1).</summary>
    public double DropoutRate { get; init; } = 0.1;

    /// <summary>L1 strength on the weights of every hidden dense layer (and on their biases unless <see cref="BiasL1"/> says otherwise).</summary>
    public double L1 { get; init; }

    /// <summary>L2 strength on the weights of every hidden dense layer (and on their biases unless <see cref="BiasL2"/> says otherwise).</summary>
    public double L2 { get; init; } = 5e-4;

    /// <summary>L1 strength on hidden-layer biases; null means the same as <see cref="L1"/>.</summary>
    public double? BiasL1 { get; init; }

    /// <summary>L2 strength on hidden-layer biases; null means the same as <see cref="L2"/>.</summary>
    public double? BiasL2 { get; init; }

    /// <summary>L1 strength on the output layer's weights and biases (the book leaves it unregularised).</summary>
    public double OutputL1 { get; init; }

    /// <summary>L2 strength on the output layer's weights and biases (the book leaves it unregularised).</summary>
    public double OutputL2 { get; init; }

    /// <summary>L1 strength on the output layer's biases; null means the same as <see cref="OutputL1"/>.</summary>
    public double? OutputBiasL1 { get; init; }

    /// <summary>L2 strength on the output layer's biases; null means the same as <see cref="OutputL2"/>.</summary>
    public double? OutputBiasL2 { get; init; }

    /// <summary>Rows per optimizer step; 0 means full batch (the book). Mini-batches are reshuffled each epoch.</summary>
    public int BatchSize { get; init; }

    /// <summary>Validation is measured every this many epochs and after the last epoch.</summary>
    public int EvaluateEvery { get; init; } = 100;

    /// <summary>When a trial stops before its last epoch (off unless <see cref="EarlyStoppingOptions.Patience"/> is set).</summary>
    public EarlyStoppingOptions EarlyStopping { get; init; } = new();

    public double EffectiveBiasL1 => BiasL1 ?? L1;

    public double EffectiveBiasL2 => BiasL2 ?? L2;

    public double EffectiveOutputBiasL1 => OutputBiasL1 ?? OutputL1;

    public double EffectiveOutputBiasL2 => OutputBiasL2 ?? OutputL2;

    // Records compare lists by reference; a trial's settings must compare (and hash) by value.
    public bool Equals(TrainingOptions? other) =>
        other is not null
        && Hidden.SequenceEqual(other.Hidden)
        && Epochs == other.Epochs && Optimizer == other.Optimizer
        && LearningRate.Equals(other.LearningRate) && Decay.Equals(other.Decay) && Momentum.Equals(other.Momentum)
        && DropoutRate.Equals(other.DropoutRate) && L1.Equals(other.L1) && L2.Equals(other.L2)
        && Nullable.Equals(BiasL1, other.BiasL1) && Nullable.Equals(BiasL2, other.BiasL2)
        && OutputL1.Equals(other.OutputL1) && OutputL2.Equals(other.OutputL2)
        && Nullable.Equals(OutputBiasL1, other.OutputBiasL1) && Nullable.Equals(OutputBiasL2, other.OutputBiasL2)
        && BatchSize == other.BatchSize && EvaluateEvery == other.EvaluateEvery && EarlyStopping == other.EarlyStopping;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var width in Hidden)
        {
            hash.Add(width);
        }

        hash.Add(Epochs);
        hash.Add(Optimizer);
        hash.Add(LearningRate);
        hash.Add(Decay);
        hash.Add(DropoutRate);
        hash.Add(L1);
        hash.Add(L2);
        hash.Add(BatchSize);
        hash.Add(EarlyStopping);
        return hash.ToHashCode();
    }
}
