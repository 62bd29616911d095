using DropoutSweep.Core.Search;

namespace DropoutSweep.Options;

/// <summary>
/// What <see cref="SweepOptionsReader"/> made of the configuration: the options (defaults where a key is absent) and
/// every problem found; the options may only be used when <see cref="IsValid"/>.
/// </summary>
public sealed record SweepOptionsReading(SweepOptions Options, IReadOnlyList<SettingProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
