namespace DropoutSweep.Core.Nn.Fast;

/// <summary>How a fast network stores the weights W[i, j] (input i, output j) of one dense layer.</summary>
internal enum WeightOrder
{
    /// <summary>W row by row, each row padded to the output stride: vectorised over outputs (the fused 2→512 layer).</summary>
    RowMajor,

    /// <summary>Wᵀ row by row, each padded to the input stride: vectorised over inputs (narrow outputs, 256→10).</summary>
    ColumnMajor,

    /// <summary>
    /// W cut into column panels of <see cref="WeightLayout.PanelWidth"/> outputs, each panel stored row by row over the
    /// padded inputs and contiguous: the GEMM micro-kernels stream one panel (wide outputs, 784→256).
    /// </summary>
    Panels,
}

/// <summary>Where W[i, j] of one dense layer lives in its tensor; padding entries are zero and stay zero.</summary>
internal readonly record struct WeightLayout(WeightOrder Order, int Inputs, int Outputs, int InputStride, int OutputStride, int PanelWidth)
{
    public int Length => Order switch
    {
        WeightOrder.RowMajor => Inputs * OutputStride,
        WeightOrder.ColumnMajor => Outputs * InputStride,
        _ => InputStride * OutputStride,
    };

    public int Index(int i, int j)
    {
        switch (Order)
        {
            case WeightOrder.RowMajor:
                return (i * OutputStride) + j;
            case WeightOrder.ColumnMajor:
                return (j * InputStride) + i;
            default:
                var panel = j / PanelWidth;
                var start = panel * PanelWidth;
                return (start * InputStride) + (i * PanelWidthAt(start)) + (j - start);
        }
    }

    /// <summary>The width of the panel that starts at output <paramref name="start"/>: full, or what is left of the padded outputs.</summary>
    public int PanelWidthAt(int start) => Math.Min(PanelWidth, OutputStride - start);
}
