namespace DropoutSweep.Core.Nn.Model;

/// <summary>
/// One dense layer of a saved network in the book's layout: <c>Weights[i * Outputs + j]</c> connects input i to
/// output j; followed by ReLU, or by softmax for the last layer.
/// </summary>
public sealed record SavedLayer(int Inputs, int Outputs, IReadOnlyList<double> Weights, IReadOnlyList<double> Biases);
