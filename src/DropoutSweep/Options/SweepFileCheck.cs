using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Options;

/// <summary>
/// The outcome of <see cref="SweepFile.Check"/>: the file's problems, and when there are none its parsed
/// <see cref="Document"/> (keys ignore case, in file order): the one parse of the file every later step reads.
/// </summary>
public sealed record SweepFileCheck(IReadOnlyList<SettingProblem> Problems, JsonObject? Document)
{
    public bool IsValid => Problems.Count == 0 && Document is not null;
}
