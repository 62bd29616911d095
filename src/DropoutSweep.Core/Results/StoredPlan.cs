using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Results;

/// <summary>
/// What <c>plan.json</c> holds, read back: the plan's <see cref="Hash"/> and the tool version that wrote it, and the
/// whole <see cref="Plan"/> when it reads as this version's <see cref="SweepPlan"/> (otherwise null, with <see cref="PlanError"/> saying why).
/// </summary>
public sealed record StoredPlan(string Hash, string ToolVersion, SweepPlan? Plan, string? PlanError);
