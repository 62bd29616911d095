namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// The number of output classes as a type, so the fused kernels are compiled once per class count and spend no FMA
/// on classes that do not exist (the JIT removes the branches on <see cref="Count"/>).
/// </summary>
internal interface IClassCount
{
    static abstract int Count { get; }
}

/// <summary>Two classes.</summary>
internal readonly struct TwoClasses : IClassCount
{
    public static int Count => 2;
}

/// <summary>Three classes (the spiral).</summary>
internal readonly struct ThreeClasses : IClassCount
{
    public static int Count => 3;
}

/// <summary>Four classes.</summary>
internal readonly struct FourClasses : IClassCount
{
    public static int Count => 4;
}
