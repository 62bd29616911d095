namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// One row of the rung table (report.md, results.json, the report's rung funnel): in bracket <see cref="Bracket"/>,
/// rung <see cref="Rung"/> (from 1) trained <see cref="Configurations"/> configurations to <see cref="Epochs"/> epochs and
/// promoted <see cref="Promoted"/> of them; null at the last rung (its trials complete) and at a rung not yet decided.
/// </summary>
public sealed record RungRow(int Bracket, int Rung, int Epochs, int? Configurations, int? Promoted);
