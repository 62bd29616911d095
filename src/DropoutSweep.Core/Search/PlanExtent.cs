namespace DropoutSweep.Core.Search;

/// <summary>The size of a plan at one time: its configurations and its repeats. A plan extended later keeps the list of its sizes.</summary>
public sealed record PlanExtent(int Configurations, int Repeats);
