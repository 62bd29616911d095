namespace DropoutSweep.Core.Nn;

/// <summary>The optimizers the trainer offers: Adam (the book's default) and plain SGD with momentum.</summary>
public enum OptimizerKind
{
    Adam,
    Sgd,
}
