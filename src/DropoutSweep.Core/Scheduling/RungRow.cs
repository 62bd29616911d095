namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// One row of the rung table (report.md, results.json, the report's rung funnel, <c>--dry-run</c>): in bracket
/// <see cref="Bracket"/>, rung <see cref="Rung"/> (from 1) trains <see cref="Configurations"/> configurations from
/// <see cref="FromEpochs"/> to <see cref="Epochs"/> epochs and promotes <see cref="Promoted"/> of them (null at the last
/// rung, whose trials complete). The counts follow from the plan (⌈n/η⌉ at each barrier); <see cref="Decided"/> says
/// whether the barrier has been passed.
/// </summary>
public sealed record RungRow(int Bracket, int Rung, int FromEpochs, int Epochs, int Configurations, int? Promoted, bool Decided);
