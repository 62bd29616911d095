namespace DropoutSweep.Engine;

/// <summary>Thrown by a worker after it reported a crashed trial, so that its supervisor restarts it (a fresh worker for the retry).</summary>
public sealed class TrialCrashedException : Exception
{
    public TrialCrashedException(int trialId, int attempt, Exception cause)
        : base($"Trial {trialId} attempt {attempt} threw {cause.GetType().Name}: {cause.Message}", cause)
    {
        TrialId = trialId;
    }

    public int TrialId { get; }
}
