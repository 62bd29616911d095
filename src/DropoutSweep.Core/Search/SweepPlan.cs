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

    /// <summary>Trial <paramref name="trialId"/> of the plan, or null when the plan has no such trial.</summary>
    /// <remarks>Trials are numbered 1, 2, ... in list order (<see cref="PlanBuilder.TrialOrder"/>): a look-up by index, no table.</remarks>
    public TrialSpec? Trial(int trialId) =>
        trialId >= 1 && trialId <= Trials.Count && Trials[trialId - 1] is var trial && trial.TrialId == trialId
            ? trial
            : Trials.FirstOrDefault(t => t.TrialId == trialId);
}
