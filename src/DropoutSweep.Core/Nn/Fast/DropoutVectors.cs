namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The loop-invariant vectors of the dropout hash (<see cref="IVectorOps{TV}.Drop"/>), made once before a kernel's loop:
/// the JIT re-materialises vector constants in every iteration instead of hoisting them. Integer lanes are held in the
/// float vector type, bit for bit.
/// </summary>
internal readonly struct DropoutVectors<TV>(TV multiplier1, TV multiplier2, TV threshold, TV factor)
    where TV : struct
{
    /// <summary>lowbias32's first multiplier in every lane.</summary>
    public TV Multiplier1 { get; } = multiplier1;

    /// <summary>lowbias32's second multiplier in every lane.</summary>
    public TV Multiplier2 { get; } = multiplier2;

    /// <summary>The drop threshold t·2¹⁶ in every lane.</summary>
    public TV Threshold { get; } = threshold;

    /// <summary>What a kept unit is multiplied by: 1/(1 − rate).</summary>
    public TV Factor { get; } = factor;
}
