namespace DropoutSweep.Core.Nn;

/// <summary>The optimizer of one training run: kind, learning rate, its decay <c>lr/(1+decay·t)</c>, and SGD's momentum.</summary>
internal sealed record OptimizerSettings(OptimizerKind Kind, double LearningRate, double Decay, double Momentum)
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-7;

    public static OptimizerSettings FromOptions(TrainingOptions options) =>
        new(options.Optimizer, options.LearningRate, options.Decay, options.Momentum);

    /// <summary>The learning rate of optimizer step <paramref name="step"/> (0-based), as the book's pre_update_params.</summary>
    public double LearningRateAt(long step) => Decay != 0 ? LearningRate * (1.0 / (1.0 + (Decay * step))) : LearningRate;
}
