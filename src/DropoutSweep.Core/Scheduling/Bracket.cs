namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// One successive-halving bracket: its <see cref="Number"/> (from 1, the most aggressive first), the rung it starts
/// at (<see cref="FirstRung"/>, from 1: bracket k of Hyperband starts at rung k) and its configurations (plan numbers, ascending).
/// Every bracket ends at the last rung.
/// </summary>
public sealed record Bracket(int Number, int FirstRung, IReadOnlyList<int> Configurations);
