namespace DropoutSweep.Core.Results;

/// <summary>
/// One evaluation of a trial's learning curve: taken every <c>EvaluateEvery</c> epochs and after the last epoch.
/// The columns of curves.csv and of the journal's <c>curve</c> are declared in <see cref="CurveColumns"/>.
/// </summary>
public readonly record struct CurvePoint
{
    /// <summary>The epoch (1-based) after which the evaluation was taken.</summary>
    public int Epoch { get; init; }

    /// <summary>The epoch's training data loss (mean cross-entropy over its batches, measured while training: dropout on).</summary>
    public double TrainDataLoss { get; init; }

    /// <summary>The epoch's regularisation loss (L1/L2 penalties, mean over its batches).</summary>
    public double RegularizationLoss { get; init; }

    /// <summary>Accuracy on the training data after the epoch, in evaluation mode (dropout off, as for validation).</summary>
    public double TrainEvalAccuracy { get; init; }

    /// <summary>Data loss on the training data after the epoch, in evaluation mode (dropout off, no regularisation, as for validation).</summary>
    public double TrainEvalLoss { get; init; }

    /// <summary>Validation accuracy after the epoch (NaN without validation data).</summary>
    public double ValidationAccuracy { get; init; }

    /// <summary>Validation data loss after the epoch (NaN without validation data).</summary>
    public double ValidationLoss { get; init; }

    /// <summary>The learning rate of the epoch's last optimizer step (after decay), as the book prints it.</summary>
    public double LearningRate { get; init; }
}
