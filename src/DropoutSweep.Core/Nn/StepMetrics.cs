namespace DropoutSweep.Core.Nn;

/// <summary>What one forward/backward pass over a batch measured: mean data loss, regularisation loss (parameters before the update) and hits.</summary>
internal readonly record struct StepMetrics(double DataLoss, double RegularizationLoss, int Correct, int Rows)
{
    public double Loss => DataLoss + RegularizationLoss;

    public double Accuracy => (double)Correct / Rows;
}
