namespace DropoutSweep.Core.Nn;

/// <summary>Which implementation trains: the fused float32 fast path (production) or the clear double reference path (tests).</summary>
internal enum TrainingPath
{
    Fast,
    Reference,
}
