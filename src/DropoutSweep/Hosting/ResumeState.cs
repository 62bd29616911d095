using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Hosting;

/// <summary>
/// What an output folder contributes to a run: finished trials to keep, files to discard, journal lines skipped, and,
/// when the folder holds a smaller plan this one extends (more repeats or Random trials), the plan renumbered so that
/// the finished trials keep their numbers.
/// </summary>
internal sealed record ResumeState(IReadOnlyList<TrialResult> AlreadyDone, IReadOnlyList<string> FilesToDiscard, IReadOnlyList<string> Warnings)
{
    public static ResumeState Fresh { get; } = new([], [], []);

    /// <summary>The plan to run, numbered as the stored plan numbers its trials (null for a fresh folder: the plan as built).</summary>
    public SweepPlan? Extended { get; init; }

    /// <summary>With a scheduler: the results at rungs the earlier run recorded.</summary>
    public IReadOnlyList<TrialResult> RungResults { get; init; } = [];

    /// <summary>With a scheduler: the checkpoints of the trials the earlier run left paused.</summary>
    public IReadOnlyList<TrialCheckpoint> Checkpoints { get; init; } = [];
}
