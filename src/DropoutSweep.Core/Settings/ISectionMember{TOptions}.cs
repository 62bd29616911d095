using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>A nested section of a <typeparamref name="TOptions"/> section: how it is read, checked and fingerprinted on the parent's record.</summary>
public interface ISectionMember<TOptions>
{
    /// <summary>The nested section, for walkers.</summary>
    Section Section { get; }

    /// <summary>Returns <paramref name="options"/> with the nested section read from <paramref name="node"/> (null when absent).</summary>
    TOptions Read(TOptions options, JsonNode? node, string path, List<SettingProblem> problems);

    /// <summary>Adds the nested section's problems; <paramref name="path"/> is its own.</summary>
    void Validate(TOptions options, string path, List<SettingProblem> problems);

    /// <summary>Adds the nested section's fingerprint entries, each key starting with <paramref name="prefix"/>.</summary>
    void AddFingerprint(TOptions options, string prefix, FingerprintContext context, IDictionary<string, string> entries);
}
