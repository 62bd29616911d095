using DropoutSweep.Core.Results;
using DropoutSweep.Core.Scheduling;

namespace DropoutSweep.Engine;

/// <summary>
/// The aggregator's files, through the Results writers: the journal (<see cref="TrialJournal"/>, opened on the first
/// result so that a sweep with nothing new to record leaves the folder alone), the report files, and with a scheduler
/// the paused trials' checkpoints (<see cref="CheckpointFolder"/>) and their results at rungs (<see cref="RungJournal"/>).
/// </summary>
internal sealed class SweepFiles(SweepRun run) : IDisposable
{
    private readonly DateTimeOffset _startedAt = DateTimeOffset.Now;
    private TrialJournal? _journal;
    private RungJournal? _rungs;

    /// <summary>
    /// Appends one result and its learning curve to trials.jsonl; it is on disk after the next <see cref="CommitJournal"/>.
    /// An I/O error comes as an <see cref="OutputFileException"/> naming the journal.
    /// </summary>
    public void Journal(TrialResult result, LearningCurve? curve)
    {
        try
        {
            _journal ??= TrialJournal.Open(run.OutputDirectory);
            _journal.Write(result, curve);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException(Path.Combine(run.OutputDirectory, TrialJournal.FileName), error);
        }
    }

    /// <summary>Forces the journal's lines to disk (fsync); a result counts only after this. I/O errors as in <see cref="Journal"/>.</summary>
    public void CommitJournal()
    {
        try
        {
            _journal?.Commit();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException(Path.Combine(run.OutputDirectory, TrialJournal.FileName), error);
        }
    }

    /// <summary>Deletes the checkpoint of a committed trial (a stale one is harmless: a resume ignores a journaled trial's checkpoint).</summary>
    public void Forget(int trialId) => CheckpointFolder.Delete(run.OutputDirectory, trialId);

    /// <summary>
    /// Keeps a trial paused at a rung: its checkpoint file first (atomically), then its result at the rung in
    /// rungs.jsonl (fsync). A crash between the two leaves the checkpoint, which holds that result too.
    /// </summary>
    public void ReachedRung(TrialCheckpoint checkpoint)
    {
        CheckpointFolder.Write(run.OutputDirectory, checkpoint);
        try
        {
            _rungs ??= RungJournal.Open(run.OutputDirectory);
            _rungs.Append(checkpoint.Result with { Rung = checkpoint.Rung });
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException(Path.Combine(run.OutputDirectory, RungJournal.FileName), error);
        }
    }

    /// <summary>Ranks the results for the report (<see cref="SweepReport.Rank"/>), naming the trials whose networks it shows.</summary>
    public RankedSweep Rank(IReadOnlyList<TrialResult> results) => SweepReport.Rank(run.Plan, results, run.Data);

    /// <summary>
    /// Writes the report files (<see cref="SweepReport.FileNames"/>, charts, best-model.json when <paramref name="networks"/>
    /// holds the best's; marked incomplete unless <paramref name="complete"/>). <paramref name="networksNote"/> says why
    /// there are no networks, when there are none.
    /// </summary>
    public void WriteReport(RankedSweep sweep, bool complete, int resumedTrials, IReadOnlyList<TrialNetwork> networks, string? networksNote, IReadOnlyList<RungDecision>? decisions = null, WorkerTime? workerTime = null) =>
        SweepReport.Write(run.OutputDirectory, sweep, new SweepSummary
        {
            RungDecisions = decisions ?? [],
            WorkerTime = workerTime,
            StartedAt = _startedAt,
            FinishedAt = DateTimeOffset.Now,
            Complete = complete,
            ResumedTrials = resumedTrials,
            Parallelism = run.Parallelism,
            DatasetName = run.Data.Name,
            DatasetHash = run.Data.ContentHash,
            ClassNames = run.Data.ClassNames,
        }, networks, networksNote);

    public void Dispose()
    {
        _journal?.Dispose();
        _rungs?.Dispose();
    }
}
