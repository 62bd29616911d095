using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>Setting paths (<c>Sweep:Training:Epochs</c>) and the messages the reader gives about keys.</summary>
internal static class SettingPaths
{
    public static string Join(string path, string key) => path.Length == 0 ? key : path + ":" + key;

    /// <summary><c>unknown setting — did you mean Epochs?</c>, or the known keys when none is near.</summary>
    public static SettingProblem Unknown(string path, string key, IEnumerable<string> known)
    {
        var names = known.ToList();
        var suggestion = NearestName.Find(key, names);
        return new SettingProblem(
            path,
            suggestion is not null
                ? $"unknown setting — did you mean {suggestion}?"
                : "unknown setting; known here: " + string.Join(", ", names));
    }

    /// <summary>A section given as a value or a list: <c>Sweep:Training = '5': must be an object ...</c>.</summary>
    public static SettingProblem NotAnObject(System.Text.Json.Nodes.JsonNode node, string path, string expectation) =>
        node is System.Text.Json.Nodes.JsonArray
            ? new SettingProblem(path, "must be " + expectation + ", not a list")
            : new SettingProblem(path, "must be " + expectation, SettingText.Quote(SettingText.Of(node)));

    /// <summary>The value under <paramref name="key"/>, ignoring case (parsed trees ignore case already; this also serves trees built by hand).</summary>
    public static System.Text.Json.Nodes.JsonNode? Child(System.Text.Json.Nodes.JsonObject json, string key)
    {
        if (json.TryGetPropertyValue(key, out var value))
        {
            return value;
        }

        foreach (var (name, node) in json)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return node;
            }
        }

        return null;
    }
}
