using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine;

/// <summary>Starts a <see cref="TrialResult"/> from its plan entry; the metrics are then set with a <c>with</c> expression.</summary>
internal static class TrialResults
{
    /// <summary>A result of <paramref name="spec"/> with <paramref name="status"/> and no metrics yet (NaN).</summary>
    public static TrialResult Of(TrialSpec spec, TrialStatus status) => new()
    {
        TrialId = spec.TrialId,
        Configuration = spec.Configuration,
        Repeat = spec.Repeat,
        Seed = spec.Seed,
        Status = status,
    };
}
