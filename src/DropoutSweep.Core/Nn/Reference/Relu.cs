namespace DropoutSweep.Core.Nn.Reference;

/// <summary>The book's Activation_ReLU.</summary>
internal static class Relu
{
    // z (m, n) -> a = max(0, z) (m, n)
    public static void Forward(ReadOnlySpan<double> z, Span<double> a)
    {
        for (var k = 0; k < z.Length; k++)
        {
            a[k] = Math.Max(0.0, z[k]);
        }
    }

    // z (m, n), dA (m, n) -> dZ = dA where z > 0, else 0 (z = 0 gets 0, as the book)
    public static void Backward(ReadOnlySpan<double> z, ReadOnlySpan<double> dA, Span<double> dZ)
    {
        for (var k = 0; k < z.Length; k++)
        {
            dZ[k] = z[k] > 0 ? dA[k] : 0.0;
        }
    }
}
