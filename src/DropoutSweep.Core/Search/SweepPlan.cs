namespace DropoutSweep.Core.Search;

/// <summary>
/// The expanded plan: every trial in trial-number order, the names of the swept settings, the number of
/// configurations, and a hash that identifies it.
/// </summary>
public sealed record SweepPlan(
    SweepOptions Options,
    IReadOnlyList<TrialSpec> Trials,
    IReadOnlyList<string> SweptSettings,
    int Configurations,
    string Hash)
{
    /// <summary>
    /// Setting path (<c>Space.L2.Values</c>, <c>Training.Epochs</c>, ...) → canonical text of everything that determines
    /// the results, in a fixed order; <see cref="Hash"/> is its SHA-256. Stored in plan.json so that a resume into a
    /// folder holding another plan can say what differs (<see cref="PlanDifference.Describe"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Fingerprint { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The plan's sizes, oldest first, the last being its size now: one entry for a new plan, one more each time a
    /// resume raised <c>Repeats</c> or <c>Trials</c>. Trial numbers follow from it (see <see cref="PlanBuilder.TrialOrder"/>).
    /// </summary>
    public IReadOnlyList<PlanExtent> Extents { get; init; } = [];
}
