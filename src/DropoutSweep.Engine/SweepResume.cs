using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine;

/// <summary>Which trials of a run are already finished (from an earlier run's journal) and which remain to be trained.</summary>
internal static class SweepResume
{
    /// <summary>The earlier results that count as finished: trials of this plan, not Cancelled, the first line per trial.</summary>
    public static IReadOnlyList<TrialResult> Finished(SweepRun run)
    {
        if (run.AlreadyDone.Count == 0)
        {
            return [];
        }

        var seen = new HashSet<int>();
        return run.AlreadyDone
            .Where(r => r.Status != TrialStatus.Cancelled && run.Plan.Trial(r.TrialId) is not null && seen.Add(r.TrialId))
            .ToList();
    }

    /// <summary>The plan's trials still to run, in plan order (the plan's own list when nothing is finished: no copy).</summary>
    public static IReadOnlyList<TrialSpec> Remaining(SweepRun run)
    {
        var finished = Finished(run);
        if (finished.Count == 0)
        {
            return run.Plan.Trials;
        }

        var done = finished.Select(r => r.TrialId).ToHashSet();
        return run.Plan.Trials.Where(t => !done.Contains(t.TrialId)).ToList();
    }
}
