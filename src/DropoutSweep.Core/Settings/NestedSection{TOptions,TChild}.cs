using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>A section held by a property of its parent's record (<c>Sweep:Training</c> is <see cref="SweepOptions.Training"/>).</summary>
public sealed class NestedSection<TOptions, TChild>(Section<TChild> section, Func<TOptions, TChild> get, Func<TOptions, TChild, TOptions> set)
    : ISectionMember<TOptions>
    where TChild : new()
{
    public Section Section => section;

    public TOptions Read(TOptions options, JsonNode? node, string path, List<SettingProblem> problems) =>
        set(options, section.Read(node, path, problems));

    public void Validate(TOptions options, string path, List<SettingProblem> problems) =>
        section.Validate(get(options), path, problems);

    public void AddFingerprint(TOptions options, string prefix, FingerprintContext context, IDictionary<string, string> entries) =>
        section.AddFingerprint(get(options), prefix, context, entries);
}
