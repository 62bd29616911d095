namespace DropoutSweep.Core.Randomness;

/// <summary>The position of an <see cref="Rng"/>: xoshiro256**'s four state words and the spare Gaussian of the polar method, if one is held.</summary>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, double? SpareGaussian);
