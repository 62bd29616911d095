namespace DropoutSweep.Core.Results;

/// <summary>
/// The workers' time in a run: <see cref="Workers"/> workers, <see cref="WorkerSeconds"/> in all (each from its first
/// request to the end of the run), of which <see cref="IdleSeconds"/> waiting for work: at rung barriers, and at the
/// sweep's tail, when fewer trials remain than workers.
/// </summary>
public sealed record WorkerTime(int Workers, double WorkerSeconds, double IdleSeconds)
{
    /// <summary>The idle share of the workers' time, in [0, 1]; NaN when no worker took part.</summary>
    public double IdleShare => WorkerSeconds > 0 ? Math.Clamp(IdleSeconds / WorkerSeconds, 0, 1) : double.NaN;
}
