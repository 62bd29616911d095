using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Hosting;

/// <summary>
/// Decides, before anything is written, what an existing output folder means for this run: nothing there (a fresh
/// sweep), the same plan (resume: its finished trials are read back and not run again), a smaller plan this one extends
/// (more <c>Repeats</c> or Random <c>Trials</c>: the finished trials are kept with their numbers and only the new ones
/// run), or another plan (refused with what differs, unless <c>--restart</c> discards it).
/// </summary>
internal static class ResumeCheck
{
    /// <summary>What the folder holds for this run; null (with <paramref name="problems"/> filled) when it must be refused.</summary>
    public static ResumeState? Inspect(string outputDirectory, SweepPlan plan, bool restart, ICollection<string> problems)
    {
        var blocked = OutputFiles.All.Where(name => Directory.Exists(Path.Combine(outputDirectory, name))).ToList();
        foreach (var name in blocked)
        {
            problems.Add($"--out = '{outputDirectory}': '{name}' is a folder; the sweep writes a file of that name.");
        }

        if (blocked.Count > 0)
        {
            return null;
        }

        var existing = OutputFiles.Existing(outputDirectory);
        if (existing.Count == 0)
        {
            return ResumeState.Fresh;
        }

        if (restart)
        {
            return ResumeState.Fresh with { FilesToDiscard = existing };
        }

        var planFile = Path.Combine(outputDirectory, PlanFile.FileName);
        var journalFile = Path.Combine(outputDirectory, TrialJournal.FileName);
        if (!File.Exists(planFile))
        {
            if (File.Exists(journalFile))
            {
                problems.Add($"--out = '{outputDirectory}': holds a journal ({TrialJournal.FileName}) but no {PlanFile.FileName}, so it cannot be resumed; use another --out, or --restart to discard it.");
                return null;
            }

            // Report files without a plan or a journal hold no results to keep: they are rewritten.
            return ResumeState.Fresh;
        }

        StoredPlan stored;
        JournalContents journal;
        IReadOnlyList<TrialResult> rungResults = [];
        (IReadOnlyList<TrialCheckpoint> Checkpoints, IReadOnlyList<string> Warnings) checkpoints = ([], []);
        try
        {
            stored = PlanFile.Read(planFile);
            var differences = stored.Plan is { } storedPlan ? PlanDifference.Describe(storedPlan.Fingerprint, plan.Fingerprint)
                : stored.Hash == plan.Hash ? [] : null;
            if (differences is null || differences.Any(d => !d.IsGrowth))
            {
                var what = differences is null
                    ? $"plan hash {stored.Hash} written by {stored.ToolVersion}, now {plan.Hash}"
                    : PlanDifference.Summarize(differences.Where(d => !d.IsGrowth));
                problems.Add($"--out = '{outputDirectory}': holds another plan's results ({what}); use another --out, or --restart to discard them.");
                return null;
            }

            // A scheduler's decisions were taken on the trials there were: more repeats or configurations would change
            // them, and the pruned trials would have been promoted or not on other grounds. Such a plan is another plan.
            var growth = differences.Where(d => d.IsGrowth).ToList();
            if (growth.Count > 0 && plan.Options.Scheduler.Enabled)
            {
                problems.Add($"--out = '{outputDirectory}': holds this sweep's results with fewer trials ({PlanDifference.Summarize(growth)}), but a sweep with Sweep:Scheduler cannot be extended: its rung decisions were taken among the trials it had; use another --out, or --restart to run it again with the new size.");
                return null;
            }

            // The same plan, or one with more Repeats or (Random) Trials: the stored sizes keep every finished trial's
            // number, and new trials are numbered after them.
            if (stored.Plan is { Extents.Count: > 0 } earlier)
            {
                plan = PlanBuilder.Extend(plan, earlier.Extents);
            }

            journal = TrialJournal.Read(outputDirectory);
            if (plan.Options.Scheduler.Enabled)
            {
                rungResults = RungJournal.Read(outputDirectory);
                checkpoints = CheckpointFolder.Read(outputDirectory);
            }
        }
        catch (InvalidDataException ex)
        {
            problems.Add($"--out = '{outputDirectory}': {ex.Message} It is unknown which plan the folder holds; use another --out, or --restart to discard it.");
            return null;
        }
        catch (TrialJournalException ex)
        {
            problems.Add($"--out = '{outputDirectory}': {ex.Message}");
            return null;
        }

        return new ResumeState(journal.Results, [], [.. journal.Warnings, .. checkpoints.Warnings])
        {
            Extended = plan,
            RungResults = rungResults,
            Checkpoints = checkpoints.Checkpoints,
        };
    }
}
