namespace DropoutSweep.Core.Results;

/// <summary>How far a configuration's repeats got; the ranking's first sort key (the values are in rank order).</summary>
public enum ConfigurationStanding
{
    /// <summary>Every planned repeat Completed with finite validation metrics: the only standing that can be best.</summary>
    Complete,

    /// <summary>Every finished repeat Completed with finite metrics, but some planned repeats have not finished (a partial sweep).</summary>
    MissingRepeats,

    /// <summary>A repeat Diverged, Failed, TimedOut or was Cancelled, or has a non-finite validation metric.</summary>
    Unsound,
}
