namespace DropoutSweep.Core.Nn.Fast;

/// <summary>Which kernels the fast path runs: the widest the CPU accelerates (production), or a narrower one (tests of the fallbacks).</summary>
internal enum SimdWidth
{
    Widest,
    Vector512,
    Vector256,
    Scalar,
}
