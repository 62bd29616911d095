namespace DropoutSweep.Engine.Cluster;

/// <summary>How one incarnation of a worker node ended, with a message for the log.</summary>
public sealed record WorkerNodeOutcome(WorkerNodeEnd End, string Message);
