using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// The <c>Sweep:Training</c> section: how each network is trained (<see cref="TrainingOptions"/>). A sweep's <c>Space</c>
/// varies the <see cref="Setting.Sweepable"/> ones; reports list the swept ones in this order.
/// </summary>
public static class TrainingSettings
{
    public static readonly Setting<TrainingOptions, double> DropoutRate = new(
        "DropoutRate", "Probability of dropping a hidden activation in training; dropout is off in evaluation.",
        SettingTypes.Number, o => o.DropoutRate, (o, v) => o with { DropoutRate = v })
    {
        Range = ValueRange.FromBelow(0, 1),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, double> L2 = new(
        "L2", "L2 strength on the weights (and, unless BiasL2 says otherwise, the biases) of every hidden layer.",
        SettingTypes.Number, o => o.L2, (o, v) => o with { L2 = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, double> LearningRate = new(
        "LearningRate", "Step size of the optimizer before decay.",
        SettingTypes.Number, o => o.LearningRate, (o, v) => o with { LearningRate = v })
    {
        Range = ValueRange.Above(0),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, double> L1 = new(
        "L1", "L1 strength on the weights (and, unless BiasL1 says otherwise, the biases) of every hidden layer.",
        SettingTypes.Number, o => o.L1, (o, v) => o with { L1 = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, double> Decay = new(
        "Decay", "Learning-rate decay: lr_t = lr / (1 + Decay·t), t counting optimizer steps from 0.",
        SettingTypes.Number, o => o.Decay, (o, v) => o with { Decay = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, int> Epochs = new(
        "Epochs", "Passes over the training data.",
        SettingTypes.WholeNumber, o => o.Epochs, (o, v) => o with { Epochs = v })
    {
        Range = ValueRange.WholeFrom(1),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, int> BatchSize = new(
        "BatchSize", "Rows per optimizer step; 0 is full batch (the book), otherwise mini-batches reshuffled every epoch.",
        SettingTypes.WholeNumber, o => o.BatchSize, (o, v) => o with { BatchSize = v })
    {
        Range = ValueRange.WholeFrom(0, " (0 = full batch)"),
        Sweepable = true,
        Note = size => size == 0 ? "full batch" : null,
    };

    public static readonly Setting<TrainingOptions, IReadOnlyList<int>> Hidden = new(
        "Hidden", "Widths of the hidden layers, input side first; each is followed by ReLU and Dropout.",
        SettingTypes.LayerList, o => o.Hidden, (o, v) => o with { Hidden = v })
    {
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, double> Momentum = new(
        "Momentum", "Momentum of SGD; Adam ignores it.",
        SettingTypes.Number, o => o.Momentum, (o, v) => o with { Momentum = v })
    {
        Range = ValueRange.FromBelow(0, 1),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, double?> BiasL1 = new(
        "BiasL1", "L1 strength on the hidden layers' biases.",
        SettingTypes.OptionalNumber, o => o.BiasL1, (o, v) => o with { BiasL1 = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
        DefaultsTo = L1,
    };

    public static readonly Setting<TrainingOptions, double?> BiasL2 = new(
        "BiasL2", "L2 strength on the hidden layers' biases.",
        SettingTypes.OptionalNumber, o => o.BiasL2, (o, v) => o with { BiasL2 = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
        DefaultsTo = L2,
    };

    public static readonly Setting<TrainingOptions, double> OutputL1 = new(
        "OutputL1", "L1 strength on the output layer's weights (and, unless OutputBiasL1 says otherwise, its biases); the book leaves it unregularised.",
        SettingTypes.Number, o => o.OutputL1, (o, v) => o with { OutputL1 = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, double> OutputL2 = new(
        "OutputL2", "L2 strength on the output layer's weights (and, unless OutputBiasL2 says otherwise, its biases); the book leaves it unregularised.",
        SettingTypes.Number, o => o.OutputL2, (o, v) => o with { OutputL2 = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
    };

    public static readonly Setting<TrainingOptions, double?> OutputBiasL1 = new(
        "OutputBiasL1", "L1 strength on the output layer's biases.",
        SettingTypes.OptionalNumber, o => o.OutputBiasL1, (o, v) => o with { OutputBiasL1 = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
        DefaultsTo = OutputL1,
    };

    public static readonly Setting<TrainingOptions, double?> OutputBiasL2 = new(
        "OutputBiasL2", "L2 strength on the output layer's biases.",
        SettingTypes.OptionalNumber, o => o.OutputBiasL2, (o, v) => o with { OutputBiasL2 = v })
    {
        Range = ValueRange.AtLeast(0),
        Sweepable = true,
        DefaultsTo = OutputL2,
    };

    public static readonly Setting<TrainingOptions, OptimizerKind> Optimizer = new(
        "Optimizer", "Adam (β1 0.9, β2 0.999, ε 1e-7) or Sgd (with Momentum).",
        SettingTypes.Enum<OptimizerKind>(), o => o.Optimizer, (o, v) => o with { Optimizer = v });

    public static readonly Setting<TrainingOptions, int> EvaluateEvery = new(
        "EvaluateEvery", "Validation is measured every this many epochs and after the last.",
        SettingTypes.WholeNumber, o => o.EvaluateEvery, (o, v) => o with { EvaluateEvery = v })
    {
        Range = ValueRange.WholeFrom(1),
    };

    /// <summary>The section, its settings in report order.</summary>
    public static Section<TrainingOptions> Section { get; } = new(
        "Training",
        "How each network is trained; the Space varies some of these settings, the rest are fixed for every trial.",
        [
            DropoutRate, L2, LearningRate, L1, Decay, Epochs, BatchSize, Hidden, Momentum, BiasL1, BiasL2,
            OutputL1, OutputL2, OutputBiasL1, OutputBiasL2, Optimizer, EvaluateEvery,
        ],
        sections:
        [
            new NestedSection<TrainingOptions, EarlyStoppingOptions>(EarlyStoppingSettings.Section, o => o.EarlyStopping, (o, v) => o with { EarlyStopping = v }),
        ]);

    /// <summary>The settings a <c>Space</c> may vary, in report order.</summary>
    public static IReadOnlyList<Setting<TrainingOptions>> Sweepable { get; } = [.. Section.Settings.Where(s => s.Sweepable)];
}
