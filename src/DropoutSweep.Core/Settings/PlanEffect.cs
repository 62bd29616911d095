namespace DropoutSweep.Core.Settings;

/// <summary>What a setting means for the plan, and so for the plan fingerprint and for resuming into a folder.</summary>
public enum PlanEffect
{
    /// <summary>It decides the results: part of the fingerprint; a change is another plan.</summary>
    Result,

    /// <summary>It decides only how the sweep runs (workers, retries, limits): not in the fingerprint.</summary>
    RunOnly,

    /// <summary>
    /// It decides how many trials the plan has (<c>Repeats</c>, <c>Trials</c>): in the fingerprint, and a resume may raise
    /// it (the finished trials are kept, the new ones run), but not lower it.
    /// </summary>
    Extent,

    /// <summary>
    /// A file whose content decides the results: the fingerprint holds the content's hash when it is known (the same
    /// file reached by another path is the same plan), else the path.
    /// </summary>
    FileContent,
}
