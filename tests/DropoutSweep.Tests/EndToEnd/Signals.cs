namespace DropoutSweep.Tests.EndToEnd;

/// <summary>POSIX signal numbers (Linux).</summary>
internal static class Signals
{
    public const int Interrupt = 2;
    public const int Terminate = 15;
}
