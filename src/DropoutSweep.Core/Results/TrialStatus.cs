namespace DropoutSweep.Core.Results;

/// <summary>How a trial ended. Written as these exact strings in every report.</summary>
public enum TrialStatus
{
    /// <summary>Trained every epoch.</summary>
    Completed,

    /// <summary>The loss became NaN or infinite; a result, never retried.</summary>
    Diverged,

    /// <summary>An exception, after the configured number of attempts.</summary>
    Failed,

    /// <summary>Cancelled by the sweep's per-trial timeout.</summary>
    TimedOut,

    /// <summary>Cancelled by the user (Ctrl+C) or by the sweep shutting down.</summary>
    Cancelled,

    /// <summary>Stopped by the scheduler at a rung that did not promote its configuration; its metrics are those at that rung.</summary>
    Pruned,
}
