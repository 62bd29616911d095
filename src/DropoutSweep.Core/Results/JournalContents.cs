namespace DropoutSweep.Core.Results;

/// <summary>The results read back from a journal (one per trial id, in file order: the first, or the first after a Cancelled one; without their learning curves) and what was wrong with it, for the log.</summary>
public sealed record JournalContents(IReadOnlyList<TrialResult> Results, IReadOnlyList<string> Warnings)
{
    /// <summary>Nothing was read (no journal yet).</summary>
    public static JournalContents Empty { get; } = new([], []);
}
