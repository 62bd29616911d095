namespace DropoutSweep.Core.Results;

/// <summary>One bin of <see cref="QuantileBins"/>: its lowest and highest value and its members' positions.</summary>
public sealed record QuantileBin(double Low, double High, IReadOnlyList<int> Members);
