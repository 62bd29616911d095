namespace DropoutSweep.Core.Nn.Fast;

/// <summary>How the fused forward pass masks the hidden layer.</summary>
internal enum MaskMode
{
    /// <summary>No dropout: evaluation, or a rate of 0.</summary>
    None,

    /// <summary>Masks hashed on the fly (training).</summary>
    Hashed,

    /// <summary>Factors read from a buffer (test seam: recorded masks).</summary>
    Given,
}
