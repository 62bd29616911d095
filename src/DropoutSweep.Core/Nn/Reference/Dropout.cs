namespace DropoutSweep.Core.Nn.Reference;

/// <summary>
/// The book's Layer_Dropout (Ch18 form, with a training flag): in training out = in ⊙ mask, mask = Bernoulli(1 − rate)
/// / (1 − rate), and the same mask scales the gradient; in evaluation it is the identity.
/// </summary>
internal sealed class Dropout
{
    private readonly double[] _mask;

    public Dropout(double dropoutRate, int hiddenLayer, int units, int maxRows)
    {
        if (!(dropoutRate >= 0 && dropoutRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), $"DropoutRate = {dropoutRate}: must be in [0, 1).");
        }

        DropoutRate = dropoutRate;
        HiddenLayer = hiddenLayer;
        Units = units;
        _mask = new double[maxRows * units];
    }

    /// <summary>Probability of dropping a unit.</summary>
    public double DropoutRate { get; }

    public int HiddenLayer { get; }

    public int Units { get; }

    /// <summary>The mask of the latest training forward pass (0 or 1/(1 − rate)), (m, units).</summary>
    public ReadOnlySpan<double> Mask => _mask;

    // a (m, units) -> out = a ⊙ mask (m, units); identity when not training or when the rate is 0.
    public void Forward(ReadOnlySpan<double> a, int rows, Span<double> output, bool training, IDropoutMasks masks, long step)
    {
        var n = rows * Units;
        if (!training || DropoutRate == 0)
        {
            a[..n].CopyTo(output);
            return;
        }

        var scale = 1.0 / (1.0 - DropoutRate);
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < Units; j++)
            {
                var k = (r * Units) + j;
                _mask[k] = masks.Keep(step, HiddenLayer, r, j) ? scale : 0.0;
                output[k] = a[k] * _mask[k];
            }
        }
    }

    // dOut (m, units) -> dA = dOut ⊙ mask (the mask of the forward pass)
    public void Backward(ReadOnlySpan<double> dOutput, int rows, Span<double> dA)
    {
        var n = rows * Units;
        if (DropoutRate == 0)
        {
            dOutput[..n].CopyTo(dA);
            return;
        }

        for (var k = 0; k < n; k++)
        {
            dA[k] = dOutput[k] * _mask[k];
        }
    }
}
