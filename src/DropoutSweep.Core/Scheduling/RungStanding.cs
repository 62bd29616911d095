namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// One configuration at a rung's barrier: its <see cref="Rank"/> (from 1), the rung metric averaged over its repeats
/// (<see cref="Metric"/>; NaN when not <see cref="Sound"/>: a repeat diverged, failed or timed out), and whether it was promoted.
/// </summary>
public sealed record RungStanding(int Rank, int Configuration, double Metric, bool Sound, bool Promoted);
