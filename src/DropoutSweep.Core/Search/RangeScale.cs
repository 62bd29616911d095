namespace DropoutSweep.Core.Search;

/// <summary>Spacing of a Min/Max range: linear, or logarithmic (Min must then be &gt; 0).</summary>
public enum RangeScale
{
    Linear,
    Log,
}
