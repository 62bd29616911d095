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
/// The epilogue of a forward GEMM tile (four rows, two row pairs of the dropout hash), applied while the tile is in L1. For
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

    /// <summary>Applies the activation to columns [0, width) of the tile's four rows, z (4, sZ) in place; r is the tile's first row in the chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TOps, TV>(int r, int width, ref float z, int sZ)
        where TOps : struct, IVectorOps<TV>
        where TV : struct
    {
        var n = TOps.Count;
        ref var z1 = ref Unsafe.Add(ref z, sZ);
        ref var z2 = ref Unsafe.Add(ref z1, sZ);
        ref var z3 = ref Unsafe.Add(ref z2, sZ);
        if (Activation == Activation.Relu)
        {
            for (var j = 0; j < width; j += n)
            {
                TOps.Store(TOps.Relu(TOps.Load(ref z, j)), ref z, j);
                TOps.Store(TOps.Relu(TOps.Load(ref z1, j)), ref z1, j);
                TOps.Store(TOps.Relu(TOps.Load(ref z2, j)), ref z2, j);
                TOps.Store(TOps.Relu(TOps.Load(ref z3, j)), ref z3, j);
            }

            return;
        }

        var first = TOps.Key(HashDropoutMasks.PairKey(StepKey, FirstRow + r));
        var second = TOps.Key(HashDropoutMasks.PairKey(StepKey, FirstRow + r + 2));
        var dropout = TOps.DropoutVectors(Threshold, Scale);
        for (var j = 0; j < width; j += n)
        {
            var row0 = TOps.Relu(TOps.Load(ref z, j));
            var row1 = TOps.Relu(TOps.Load(ref z1, j));
            var row2 = TOps.Relu(TOps.Load(ref z2, j));
            var row3 = TOps.Relu(TOps.Load(ref z3, j));
            TOps.Drop(first, ref _unitSteps, j, dropout, ref row0, ref row1);
            TOps.Drop(second, ref _unitSteps, j, dropout, ref row2, ref row3);
            TOps.Store(row0, ref z, j);
            TOps.Store(row1, ref z1, j);
            TOps.Store(row2, ref z2, j);
            TOps.Store(row3, ref z3, j);
        }
    }
}
