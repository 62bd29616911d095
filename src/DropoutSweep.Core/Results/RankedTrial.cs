using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Results;

/// <summary>One finished trial in the ranking: its configuration's <see cref="Rank"/> (shared by the repeats), its plan entry and its result.</summary>
public sealed record RankedTrial(int Rank, TrialSpec Spec, TrialResult Result);
