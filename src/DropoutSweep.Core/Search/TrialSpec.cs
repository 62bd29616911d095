using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Search;

/// <summary>
/// One trial of a plan: configuration <see cref="Configuration"/> trained with the seed of repeat <see cref="Repeat"/>.
/// All three numbers count from 1. <see cref="TrialId"/> never changes once given: a plan extended with more repeats or
/// more Random trials numbers the new trials after the existing ones.
/// </summary>
public sealed record TrialSpec(int TrialId, int Configuration, int Repeat, ulong Seed, TrainingOptions Training);
