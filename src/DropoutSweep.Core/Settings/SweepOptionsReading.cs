using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// What <see cref="SweepReader"/> made of a sweep: the options (defaults where a key is absent) and every problem
/// found; the options may only be used when <see cref="IsValid"/>.
/// </summary>
public sealed record SweepOptionsReading(SweepOptions Options, IReadOnlyList<SettingProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
