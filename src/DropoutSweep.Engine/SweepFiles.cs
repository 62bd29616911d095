using DropoutSweep.Core.Results;

namespace DropoutSweep.Engine;

/// <summary>
/// The aggregator's files, through the Results writers: the journal (<see cref="TrialJournal"/>, opened on the first
/// result so that a sweep with nothing new to record leaves the folder alone) and the report files.
/// </summary>
internal sealed class SweepFiles(SweepRun run) : IDisposable
{
    private readonly DateTimeOffset _startedAt = DateTimeOffset.Now;
    private TrialJournal? _journal;

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

    /// <summary>Ranks the results for the report (<see cref="SweepReport.Rank"/>), naming the trials whose networks it shows.</summary>
    public RankedSweep Rank(IReadOnlyList<TrialResult> results) => SweepReport.Rank(run.Plan, results, run.Data);

    /// <summary>
    /// Writes the report files (<see cref="SweepReport.FileNames"/>, charts, best-model.json when <paramref name="networks"/>
    /// holds the best's; marked incomplete unless <paramref name="complete"/>). <paramref name="networksNote"/> says why
    /// there are no networks, when there are none.
    /// </summary>
    public void WriteReport(RankedSweep sweep, bool complete, int resumedTrials, IReadOnlyList<TrialNetwork> networks, string? networksNote) =>
        SweepReport.Write(run.OutputDirectory, sweep, new SweepSummary
        {
            StartedAt = _startedAt,
            FinishedAt = DateTimeOffset.Now,
            Complete = complete,
            ResumedTrials = resumedTrials,
            Parallelism = run.Parallelism,
            DatasetName = run.Data.Name,
            DatasetHash = run.Data.ContentHash,
            ClassNames = run.Data.ClassNames,
        }, networks, networksNote);

    public void Dispose() => _journal?.Dispose();
}
