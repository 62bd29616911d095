using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Search;

/// <summary>
/// One trial of a plan: a configuration (<see cref="ConfigIndex"/>, 0-based) trained with one repeat's seed.
/// <see cref="TrialId"/> is the 1-based position in the plan, stable for a given sweep file.
/// </summary>
public sealed record TrialSpec(int TrialId, int ConfigIndex, int Repeat, ulong Seed, TrainingOptions Training);
