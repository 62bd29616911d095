namespace DropoutSweep.Core.Nn;

/// <summary>Data loss (mean clipped cross-entropy, no regularisation) and accuracy of a network on a data set, without dropout.</summary>
internal readonly record struct Evaluation(double Loss, double Accuracy);
