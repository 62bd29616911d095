using DropoutSweep.Core.Results;

namespace DropoutSweep.Hosting;

/// <summary>What an output folder contributes to a run: finished trials to keep, files to discard, journal lines skipped.</summary>
internal sealed record ResumeState(IReadOnlyList<TrialResult> AlreadyDone, IReadOnlyList<string> FilesToDiscard, IReadOnlyList<string> Warnings)
{
    public static ResumeState Fresh { get; } = new([], [], []);
}
