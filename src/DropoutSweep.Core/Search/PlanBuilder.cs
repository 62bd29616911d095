namespace DropoutSweep.Core.Search;

/// <summary>Expands validated <see cref="SweepOptions"/> into a <see cref="SweepPlan"/> before any trial runs.</summary>
public static class PlanBuilder
{
    public static SweepPlan Build(SweepOptions options) =>
        throw new NotImplementedException("CONTRACT STUB: implemented by the Search work");
}
