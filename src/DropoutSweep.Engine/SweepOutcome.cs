using DropoutSweep.Core.Results;

namespace DropoutSweep.Engine;

/// <summary>How a sweep ended, as the host needs it for the exit code and the last log lines.</summary>
public sealed record SweepOutcome(bool Complete, int Total, int Finished, int Completed, int Diverged, int Failed, int TimedOut, int Cancelled)
{
    /// <summary>Trials a scheduler stopped at a rung (counted in <see cref="Finished"/>).</summary>
    public int Pruned { get; init; }

    /// <summary>Set when the sweep had to stop because of an internal error (e.g. the journal could not be written): the host exits 1.</summary>
    public string? Error { get; init; }

    /// <summary>The outcome of a sweep of <paramref name="total"/> trials whose finished results are <paramref name="results"/>.</summary>
    public static SweepOutcome Of(IReadOnlyCollection<TrialResult> results, int total, bool complete, int cancelled = 0)
    {
        ArgumentNullException.ThrowIfNull(results);
        int Count(TrialStatus status) => results.Count(r => r.Status == status);
        return new SweepOutcome(
            complete, total, results.Count, Count(TrialStatus.Completed), Count(TrialStatus.Diverged), Count(TrialStatus.Failed), Count(TrialStatus.TimedOut), cancelled)
        {
            Pruned = Count(TrialStatus.Pruned),
        };
    }
}
