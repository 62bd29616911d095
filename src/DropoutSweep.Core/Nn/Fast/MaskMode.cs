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

/// <summary>Where the fused forward pass gets its dropout masks, as a type: the kernel is compiled once per source.</summary>
internal interface IMaskSource
{
    static abstract MaskMode Source { get; }
}

/// <summary>No dropout: evaluation, or a rate of 0.</summary>
internal readonly struct NoMasks : IMaskSource
{
    public static MaskMode Source => MaskMode.None;
}

/// <summary>Masks hashed on the fly (training).</summary>
internal readonly struct HashedMasks : IMaskSource
{
    public static MaskMode Source => MaskMode.Hashed;
}

/// <summary>Factors read from a buffer (test seam: recorded masks).</summary>
internal readonly struct GivenMasks : IMaskSource
{
    public static MaskMode Source => MaskMode.Given;
}
