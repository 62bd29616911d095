namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// eˣ in float, as every <see cref="IVectorOps{TV}.Exp"/> computes it: Cody–Waite reduction x = n·ln 2 + r with
/// |r| ≤ ln 2 / 2, Cephes' expf polynomial for eʳ (about 1 ulp), and 2ⁿ put straight into the exponent bits. Below
/// <see cref="Lowest"/>, where 2ⁿ would leave float's normal range, the result is 0: a subnormal would cost a microcode
/// assist in every operation that later touches it, and a probability that small is 0 for every purpose
/// (<see cref="FastNetwork.TinyProbability"/>). The same steps at every width give the same bits at every width; the
/// library's vector exp computes in double and, called per block of the fused path, was a tenth of its time.
/// </summary>
internal static class ExpSteps
{
    public const float Log2E = 1.44269504088896341f;

    /// <summary>ln 2 in two parts: the high one exact in few bits, so that n·Ln2High is exact for the n that occur.</summary>
    public const float Ln2High = 0.693359375f;

    public const float Ln2Low = -2.12194440e-4f;

    public const float Lowest = -87f;

    /// <summary>Above this eˣ overflows float.</summary>
    public const float Highest = 88.3762626647949f;

    // Cephes expf: eʳ ≈ 1 + r + r²·(P5 + r·(P4 + r·(P3 + r·(P2 + r·(P1 + r·P0))))).
    public const float P0 = 1.9875691500e-4f;
    public const float P1 = 1.3981999507e-3f;
    public const float P2 = 8.3334519073e-3f;
    public const float P3 = 4.1665795894e-2f;
    public const float P4 = 1.6666665459e-1f;
    public const float P5 = 5.0000001201e-1f;
}
