using DropoutSweep.Core.Data;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine;

/// <summary>Everything the actors need to run one sweep locally (or as the cluster's coordinator).</summary>
public sealed record SweepRun
{
    public required SweepPlan Plan { get; init; }

    public required Dataset Data { get; init; }

    /// <summary>Absolute path of the output folder (created by the host after validation).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Local worker actors (0 for a coordinator-only cluster node).</summary>
    public required int Parallelism { get; init; }

    /// <summary>Trials already finished in an earlier run (read back from the journal): not run again.</summary>
    public IReadOnlyList<TrialResult> AlreadyDone { get; init; } = [];

    /// <summary>With a scheduler: the results at rungs an earlier run recorded (<see cref="RungJournal"/>).</summary>
    public IReadOnlyList<TrialResult> RungResults { get; init; } = [];

    /// <summary>With a scheduler: the checkpoints of the trials an earlier run left paused at a rung (<see cref="CheckpointFolder"/>).</summary>
    public IReadOnlyList<TrialCheckpoint> Checkpoints { get; init; } = [];

    /// <summary>
    /// Progress messages from a worker every this many epochs (logged at Debug); 0, the default, sends none: every
    /// evaluation is in the trial's learning curve (trials.jsonl, curves.csv), which keeps sweep.log.json small.
    /// </summary>
    public int ProgressEvery { get; init; }

    /// <summary>
    /// When the sweep completes, train the best configuration's first repeat again (and, for 2-feature data, the best
    /// lowest-dropout one's) from the plan, for best-model.json and report.html's decision regions
    /// (<see cref="TrialReplay"/>). Off by default: a caller whose trials are not the trainer's (a test's runner) has no
    /// network to replay.
    /// </summary>
    public bool ReplayNetworks { get; init; }

    /// <summary>
    /// At most one progress message per trial per this much wall time, whatever <see cref="ProgressEvery"/> allows (zero:
    /// no limit). A live display sets ProgressEvery 1 and an interval, so that short and long epochs alike report steadily.
    /// </summary>
    public TimeSpan ProgressInterval { get; init; }

    /// <summary>The earlier results that count as finished (<see cref="AlreadyDone"/>: trials of this plan, not Cancelled, the first per trial).</summary>
    public IReadOnlyList<TrialResult> FinishedTrials() => SweepResume.Finished(this);

    /// <summary>The plan's trials still to run, in plan order.</summary>
    public IReadOnlyList<TrialSpec> RemainingTrials() => SweepResume.Remaining(this);

    /// <summary>The work of this run: the plan's schedule, resumed from what an earlier run finished, reached and left paused.</summary>
    public TrialSchedule Schedule() => TrialSchedule.Of(Plan, FinishedTrials(), RungResults, Checkpoints);
}
