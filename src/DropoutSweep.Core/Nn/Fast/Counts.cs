namespace DropoutSweep.Core.Nn.Fast;

/// <summary>
/// A small count as a type (classes, inputs, vectors per panel), so that a kernel is compiled once per count and spends
/// nothing on what does not exist: the JIT folds <see cref="Value"/> and removes the branches on it. <see cref="Any"/>
/// (0) means "use the runtime count".
/// </summary>
internal interface ICount
{
    static abstract int Value { get; }
}

/// <summary>The count is only known at run time.</summary>
internal readonly struct Any : ICount
{
    public static int Value => 0;
}

/// <summary>One.</summary>
internal readonly struct One : ICount
{
    public static int Value => 1;
}

/// <summary>Two.</summary>
internal readonly struct Two : ICount
{
    public static int Value => 2;
}

/// <summary>Three (the spiral's classes).</summary>
internal readonly struct Three : ICount
{
    public static int Value => 3;
}

/// <summary>Four.</summary>
internal readonly struct Four : ICount
{
    public static int Value => 4;
}
