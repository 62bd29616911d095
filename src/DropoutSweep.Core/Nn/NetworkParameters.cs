using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Core.Nn;

/// <summary>
/// Weights and biases of every dense layer in the book's layout (W is inputs×outputs, row-major), in double so that
/// either training path can start from, or be compared with, the same numbers. Also used for gradients.
/// </summary>
internal sealed class NetworkParameters
{
    public NetworkParameters(int[] widths, double[][] weights, double[][] biases)
    {
        for (var l = 0; l < widths.Length - 1; l++)
        {
            if (weights[l].Length != widths[l] * widths[l + 1] || biases[l].Length != widths[l + 1])
            {
                throw new ArgumentException($"Layer {l} parameters do not match widths {widths[l]}→{widths[l + 1]}.");
            }
        }

        Widths = widths;
        Weights = weights;
        Biases = biases;
    }

    public int[] Widths { get; }

    /// <summary>Weights[l][i * outputs + j] connects input i to output j of dense layer l.</summary>
    public double[][] Weights { get; }

    public double[][] Biases { get; }

    public static NetworkParameters Zeros(int[] widths)
    {
        var layers = widths.Length - 1;
        var weights = new double[layers][];
        var biases = new double[layers][];
        for (var l = 0; l < layers; l++)
        {
            weights[l] = new double[widths[l] * widths[l + 1]];
            biases[l] = new double[widths[l + 1]];
        }

        return new NetworkParameters(widths, weights, biases);
    }

    /// <summary>
    /// The book's initialisation: W = 0.01·N(0,1) drawn row-major layer by layer from the trial's RNG (rounded to
    /// float32, as nnfs stores it), biases 0.
    /// </summary>
    public static NetworkParameters Initialize(int[] widths, Rng rng)
    {
        var parameters = Zeros(widths);
        foreach (var weights in parameters.Weights)
        {
            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] = (float)(0.01 * rng.NextGaussian());
            }
        }

        return parameters;
    }
}
