namespace DropoutSweep.Core.Nn.Model;

/// <summary>
/// One input row's prediction: its 1-based row number, the predicted label, one probability per class (in the model's
/// class order), and the row's own label when the input has the model's label column.
/// </summary>
public sealed record PredictedRow(long Row, string Predicted, double[] Probabilities, string? Actual);
