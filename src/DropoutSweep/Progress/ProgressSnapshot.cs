namespace DropoutSweep.Progress;

/// <summary>The sweep at one moment: its trials counted, the ones in training, and the time left if it can be told yet.</summary>
internal sealed record ProgressSnapshot(
    string SweepName,
    int Total,
    int Finished,
    TimeSpan Elapsed,
    TimeSpan? Remaining,
    IReadOnlyList<RunningTrial> Running);
