using DropoutSweep.Core.Search;

namespace DropoutSweep.Options;

/// <summary>
/// The outcome of <see cref="SweepFile.Check"/>: the file's problems (empty when it may be added to configuration) and
/// the order of its <c>Space</c> entries, which configuration would otherwise lose (it sorts keys).
/// </summary>
public sealed record SweepFileCheck(IReadOnlyList<SettingProblem> Problems, IReadOnlyList<string> SpaceOrder)
{
    public bool IsValid => Problems.Count == 0;
}
