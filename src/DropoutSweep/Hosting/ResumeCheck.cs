using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Hosting;

/// <summary>
/// Decides, before anything is written, what an existing output folder means for this run: nothing there (a fresh
/// sweep), the same plan (resume: its finished trials are read back and not run again), or another plan (refused with
/// what differs, unless <c>--restart</c> discards it).
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
        try
        {
            stored = PlanFile.Read(planFile);
            journal = stored.Hash == plan.Hash ? TrialJournal.Read(outputDirectory) : JournalContents.Empty;
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

        if (stored.Hash != plan.Hash)
        {
            var differences = stored.Plan is { } storedPlan ? PlanDifference.Describe(storedPlan.Fingerprint, plan.Fingerprint) : [];
            var what = differences.Count > 0 ? PlanDifference.Summarize(differences) : $"plan hash {stored.Hash} written by {stored.ToolVersion}, now {plan.Hash}";
            problems.Add($"--out = '{outputDirectory}': holds another plan's results ({what}); use another --out, or --restart to discard them.");
            return null;
        }

        return new ResumeState(journal.Results, [], journal.Warnings);
    }
}
