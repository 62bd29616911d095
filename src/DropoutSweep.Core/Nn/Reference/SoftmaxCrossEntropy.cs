namespace DropoutSweep.Core.Nn.Reference;

/// <summary>The book's Activation_Softmax_Loss_CategoricalCrossentropy: softmax, clipped CCE loss, combined backward.</summary>
internal static class SoftmaxCrossEntropy
{
    public const double Clip = 1e-7;

    // logits (m, k), labels (m) -> probabilities (m, k); returns the summed per-row loss −ln clip(p[y]) and the number
    // of rows whose argmax (first maximum, as numpy) is the label.
    public static (double LossSum, int Correct) Forward(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, int classes, Span<double> probabilities)
    {
        var lossSum = 0.0;
        var correct = 0;
        for (var r = 0; r < labels.Length; r++)
        {
            var z = logits.Slice(r * classes, classes);
            var p = probabilities.Slice(r * classes, classes);
            var max = z[0];
            for (var c = 1; c < classes; c++)
            {
                max = Math.Max(max, z[c]);
            }

            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                p[c] = Math.Exp(z[c] - max);
                sum += p[c];
            }

            var best = 0;
            for (var c = 0; c < classes; c++)
            {
                p[c] /= sum;
                if (p[c] > p[best])
                {
                    best = c;
                }
            }

            lossSum -= Math.Log(Math.Clamp(p[labels[r]], Clip, 1 - Clip));
            correct += best == labels[r] ? 1 : 0;
        }

        return (lossSum, correct);
    }

    // probabilities (m, k), labels (m) -> dLogits = (p − onehot(y)) / m, from the unclipped probabilities
    public static void Backward(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels, int classes, Span<double> dLogits)
    {
        var rows = labels.Length;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < classes; c++)
            {
                var k = (r * classes) + c;
                dLogits[k] = (probabilities[k] - (c == labels[r] ? 1.0 : 0.0)) / rows;
            }
        }
    }
}
