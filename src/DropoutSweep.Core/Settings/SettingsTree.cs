using System.Globalization;
using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// The layers of a sweep's configuration as one JSON tree: files merge object by object (a later file's list replaces
/// an earlier one whole, never element by element), and an override (<c>Sweep:Training:Epochs=500</c> from the
/// environment or the command line) is laid over the tree as text at its path. Keys ignore case, as in configuration.
/// </summary>
public static class SettingsTree
{
    /// <summary>How the tree's objects compare keys: ignoring case.</summary>
    public static JsonNodeOptions NodeOptions { get; } = new() { PropertyNameCaseInsensitive = true };

    /// <summary>An empty object whose keys ignore case.</summary>
    public static JsonObject NewObject() => new(NodeOptions);

    /// <summary>Lays <paramref name="source"/> over <paramref name="target"/>: objects merge key by key, anything else replaces.</summary>
    public static void Merge(JsonObject target, JsonObject source)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        foreach (var (key, value) in source)
        {
            if (Find(target, key) is { } name && target[name] is JsonObject existing && value is JsonObject nested)
            {
                Merge(existing, nested);
            }
            else
            {
                Put(target, key, value?.DeepClone());
            }
        }
    }

    /// <summary>
    /// Sets the value at <paramref name="path"/> (<c>Sweep:Space:L2:Values:1</c>) to <paramref name="text"/>, creating
    /// objects (or lists, before a numeric key) on the way. A list element may be replaced or appended (index = length);
    /// false, with a problem naming <paramref name="origin"/>, when the path cannot be set.
    /// </summary>
    public static bool Overlay(JsonObject root, string path, string? text, string origin, List<SettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        var keys = path.Split(':');
        JsonNode current = root;
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            var last = i == keys.Length - 1;
            JsonNode? value = last ? JsonValue.Create(text) : null;
            var here = string.Join(':', keys[..(i + 1)]);
            if (current is JsonArray list)
            {
                if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > list.Count)
                {
                    problems.Add(new SettingProblem(
                        here,
                        $"cannot be set by {origin}: the list has {list.Count} elements, numbered from 0 (give the whole list in the file instead)"));
                    return false;
                }

                if (!last)
                {
                    value = index < list.Count && list[index] is JsonObject or JsonArray ? list[index] : Container(keys[i + 1]);
                }

                if (index == list.Count)
                {
                    list.Add(value);
                }
                else if (!ReferenceEquals(list[index], value))
                {
                    list[index] = value;
                }

                current = value!;
                continue;
            }

            var json = (JsonObject)current;
            if (!last)
            {
                var existing = Find(json, key) is { } name ? json[name] : null;
                value = existing is JsonObject or JsonArray ? existing : Container(keys[i + 1]);
            }

            if (Find(json, key) is not { } present || !ReferenceEquals(json[present], value))
            {
                Put(json, key, value);
            }

            current = value!;
        }

        return true;
    }

    private static JsonNode Container(string nextKey) =>
        int.TryParse(nextKey, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? new JsonArray(NodeOptions) : NewObject();

    // The key as the object spells it.
    private static string? Find(JsonObject json, string key)
    {
        foreach (var (name, _) in json)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }

    // Replaces the value of an existing key (keeping its place and spelling, so the Space keeps its order) or adds it.
    private static void Put(JsonObject json, string key, JsonNode? value)
    {
        if (Find(json, key) is { } name)
        {
            json[name] = value;
        }
        else
        {
            json[key] = value;
        }
    }
}
