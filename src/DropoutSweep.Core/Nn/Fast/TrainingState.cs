namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// Everything a fast network carries from one optimizer step to the next, and nothing else: the parameters, the
/// optimizer's moments and the step count. The step also positions the dropout-mask stream, since a mask is a pure
/// function of (mask seed, step, layer, row, unit) (<see cref="HashDropoutMasks"/>). Tensors are in the network's own
/// layout (padded, panelled): tensor 2l is W of dense layer l, 2l + 1 its b. Allocated once, with the network;
/// <see cref="CopyTo"/> captures or restores it exactly, so a restored network continues bit for bit.
/// </summary>
internal sealed class TrainingState
{
    public TrainingState(IReadOnlyList<int> tensorLengths)
    {
        Parameters = tensorLengths.Select(length => new float[length]).ToArray();
        FirstMoments = tensorLengths.Select(length => new float[length]).ToArray();
        SecondMoments = tensorLengths.Select(length => new float[length]).ToArray();
    }

    public float[][] Parameters { get; }

    /// <summary>Adam's first moment m, or SGD's velocity.</summary>
    public float[][] FirstMoments { get; }

    /// <summary>Adam's second moment v (unused by SGD).</summary>
    public float[][] SecondMoments { get; }

    /// <summary>Optimizer steps taken; the learning-rate decay, Adam's bias correction and the masks of the next pass use it.</summary>
    public long Step { get; set; }

    /// <summary>Copies every number into <paramref name="target"/>, a state of the same network shape.</summary>
    public void CopyTo(TrainingState target)
    {
        for (var t = 0; t < Parameters.Length; t++)
        {
            Parameters[t].CopyTo(target.Parameters[t], 0);
            FirstMoments[t].CopyTo(target.FirstMoments[t], 0);
            SecondMoments[t].CopyTo(target.SecondMoments[t], 0);
        }

        target.Step = Step;
    }
}
