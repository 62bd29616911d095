namespace DropoutSweep.Core.Results;

/// <summary>
/// The columns of a learning curve, in curves.csv order (after its <c>trial</c> column). The journal's <c>curve</c>
/// object and curves.csv derive from this list: adding a curve metric is a <see cref="CurvePoint"/> property, one
/// declaration here, and the trainer code that measures it.
/// </summary>
public static class CurveColumns
{
    public static CurveColumn Epoch { get; } = new("epoch", isInteger: true, "The epoch after which the evaluation was taken.", p => p.Epoch, (p, v) => p with { Epoch = checked((int)v) });

    /// <summary>Every column, in order.</summary>
    public static IReadOnlyList<CurveColumn> All { get; } =
    [
        Epoch,
        new("trainDataLoss", false, "The epoch's training data loss, measured while training (dropout on).", p => p.TrainDataLoss, (p, v) => p with { TrainDataLoss = v }),
        new("regularizationLoss", false, "The epoch's regularisation loss (L1/L2 penalties).", p => p.RegularizationLoss, (p, v) => p with { RegularizationLoss = v }),
        new("trainEvalAccuracy", false, "Training accuracy after the epoch in evaluation mode (dropout off).", p => p.TrainEvalAccuracy, (p, v) => p with { TrainEvalAccuracy = v }),
        new("trainEvalLoss", false, "Training data loss after the epoch in evaluation mode (dropout off).", p => p.TrainEvalLoss, (p, v) => p with { TrainEvalLoss = v }),
        new("valAccuracy", false, "Validation accuracy after the epoch.", p => p.ValidationAccuracy, (p, v) => p with { ValidationAccuracy = v }),
        new("valLoss", false, "Validation data loss after the epoch.", p => p.ValidationLoss, (p, v) => p with { ValidationLoss = v }),
        new("learningRate", false, "The learning rate of the epoch's last optimizer step.", p => p.LearningRate, (p, v) => p with { LearningRate = v }),
    ];
}
