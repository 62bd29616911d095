namespace DropoutSweep.Core.Nn;

/// <summary>A validation measure that decides something during a sweep: which configurations a rung promotes, when a trial stops early.</summary>
public enum ValidationMetric
{
    /// <summary>Validation accuracy: higher is better.</summary>
    ValAccuracy,

    /// <summary>Validation data loss: lower is better.</summary>
    ValLoss,
}
