using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>One <c>Space</c> entry as its rules see it: the swept setting, its range, and the sweep's strategy.</summary>
public sealed record SpaceEntry
{
    /// <summary>The swept <c>Training</c> setting.</summary>
    public Setting<TrainingOptions> Setting { get; init; } = TrainingSettings.DropoutRate;

    public ParameterRange Range { get; init; } = new();

    public SearchStrategy Strategy { get; init; }
}
