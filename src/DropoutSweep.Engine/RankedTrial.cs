using DropoutSweep.Core.Results;

namespace DropoutSweep.Engine;

/// <summary>A result with its configuration's rank (shared by the configuration's repeats).</summary>
internal sealed record RankedTrial(int Rank, TrialResult Result);
