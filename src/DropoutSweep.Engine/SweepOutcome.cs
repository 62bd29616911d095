namespace DropoutSweep.Engine;

/// <summary>How a sweep ended, as the host needs it for the exit code and the last log lines.</summary>
public sealed record SweepOutcome(bool Complete, int Total, int Finished, int Completed, int Diverged, int Failed, int TimedOut, int Cancelled)
{
    /// <summary>Set when the sweep had to stop because of an internal error (e.g. the journal could not be written): the host exits 1.</summary>
    public string? Error { get; init; }
}
