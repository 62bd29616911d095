namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// One evaluation of one trial's learning curve (a row of <c>curves.csv</c>): the training data and regularisation
/// losses of the epoch (dropout on), training accuracy and loss in evaluation mode (dropout off, as for validation),
/// validation accuracy and loss, and the learning rate.
/// </summary>
public sealed record CurvePoint(
    int Trial,
    int Epoch,
    double TrainDataLoss,
    double TrainRegularizationLoss,
    double TrainAccuracy,
    double TrainLoss,
    double ValidationAccuracy,
    double ValidationLoss,
    double LearningRate);
