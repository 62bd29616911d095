namespace DropoutSweep.Engine;

/// <summary>How a sweep ended, as the host needs it for the exit code and the last log lines.</summary>
public sealed record SweepOutcome(bool Complete, int Total, int Finished, int Completed, int Diverged, int Failed, int TimedOut, int Cancelled);
