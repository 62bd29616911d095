using System.Runtime.CompilerServices;

namespace DropoutSweep.Core.Nn.Fast;

/// <summary>What a layer does to z = a·W + b before it is stored.</summary>
internal enum Activation
{
    /// <summary>Nothing (the logits).</summary>
    Linear,

    /// <summary>max(0, z) (a hidden layer without dropout: evaluation, rate 0, or masks applied afterwards).</summary>
    Relu,

    /// <summary>max(0, z)·scale where the hashed mask keeps the unit, else 0 (a hidden layer in training).</summary>
    ReluDropout,
}

/// <summary>
/// The epilogue of a forward GEMM tile (four rows, two row pairs of the dropout hash), applied in registers. For
/// <see cref="Activation.ReluDropout"/>: the step's key, the absolute batch row of the chunk's first row, the drop
/// threshold and scale, and u·φ per unit from the panel's first unit on.
/// </summary>
internal readonly ref struct TileEpilogue
{
    private readonly ref uint _unitSteps;

    public TileEpilogue(Activation activation, ulong stepKey, int firstRow, uint threshold, float scale, ref uint unitSteps)
    {
        Activation = activation;
        StepKey = stepKey;
        FirstRow = firstRow;
        Threshold = threshold;
        Scale = scale;
        _unitSteps = ref unitSteps;
    }

    public Activation Activation { get; }

    public ulong StepKey { get; }

    public int FirstRow { get; }

    public uint Threshold { get; }

    public float Scale { get; }

    /// <summary>The hash keys of the tile's row pairs (rows r, r+1 and r+2, r+3 of the chunk).</summary>
    public (uint First, uint Second) PairKeys(int r) =>
        Activation == Activation.ReluDropout
            ? (HashDropoutMasks.PairKey(StepKey, FirstRow + r), HashDropoutMasks.PairKey(StepKey, FirstRow + r + 2))
            : default;

    /// <summary>Units unit … unit+Count−1 of the tile's four rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TOps, TV>((uint First, uint Second) pairKeys, int unit, ref TV row0, ref TV row1, ref TV row2, ref TV row3)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        if (Activation == Activation.Linear)
        {
            return;
        }

        row0 = TOps.Relu(row0);
        row1 = TOps.Relu(row1);
        row2 = TOps.Relu(row2);
        row3 = TOps.Relu(row3);
        if (Activation == Activation.ReluDropout)
        {
            var factor = TOps.Create(Scale);
            row0 = TOps.Multiply(row0, factor);
            row1 = TOps.Multiply(row1, factor);
            row2 = TOps.Multiply(row2, factor);
            row3 = TOps.Multiply(row3, factor);
            TOps.Drop(pairKeys.First, ref _unitSteps, unit, Threshold, ref row0, ref row1);
            TOps.Drop(pairKeys.Second, ref _unitSteps, unit, Threshold, ref row2, ref row3);
        }
    }
}
