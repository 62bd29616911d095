namespace DropoutSweep.Core.Results;

/// <summary>A journal that cannot be trusted (a corrupt line before the last), naming the file and line.</summary>
public sealed class TrialJournalException : Exception
{
    public TrialJournalException(string message)
        : base(message)
    {
    }

    public TrialJournalException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
