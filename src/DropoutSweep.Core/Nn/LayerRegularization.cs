namespace DropoutSweep.Core.Nn;

/// <summary>The book's four regularisation strengths of one dense layer: L1 and L2 on its weights and on its biases.</summary>
internal readonly record struct LayerRegularization(double WeightL1, double WeightL2, double BiasL1, double BiasL2)
{
    public bool IsNone => WeightL1 == 0 && WeightL2 == 0 && BiasL1 == 0 && BiasL2 == 0;
}
