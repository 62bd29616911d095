using System.Globalization;

namespace DropoutSweep.Core.Nn;

/// <summary>Why a trial Diverged: which <see cref="Quantity"/> became NaN or infinite (<see cref="Value"/>) at which <see cref="Epoch"/> (1-based).</summary>
public sealed record Divergence(int Epoch, string Quantity, double Value)
{
    public const string TrainingDataLoss = "training data loss";
    public const string RegularizationLoss = "regularisation loss";
    public const string ValidationLoss = "validation loss";
    public const string TrainingEvaluationLoss = "training loss in evaluation mode";

    /// <summary>E.g. <c>training data loss became NaN at epoch 37</c>: the trial's reason in the reports.</summary>
    public override string ToString() => $"{Quantity} became {Value.ToString(CultureInfo.InvariantCulture)} at epoch {Epoch}";
}
