namespace DropoutSweep.Core.Search;

/// <summary>The expanded plan: every trial, in order, with the names of the swept settings and a hash that identifies it.</summary>
public sealed record SweepPlan(
    SweepOptions Options,
    IReadOnlyList<TrialSpec> Trials,
    IReadOnlyList<string> SweptSettings,
    int Configurations,
    string Hash);
