namespace DropoutSweep.Core.Results;

/// <summary>Facts derived the same way by every report file.</summary>
internal static class ReportFacts
{
    /// <summary>Complete when the run says so and every planned trial has a result.</summary>
    public static bool IsComplete(Ranking ranking, SweepSummary summary) =>
        summary.Complete && ranking.Trials.Count == ranking.Plan.Trials.Count;
}
