using System.Text.Json;
using System.Text.Json.Nodes;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>plan.json</c>: the expanded plan as <see cref="SweepPlan"/> holds it (options, every trial with its id,
/// configuration index, repeat, seed and all its training settings, the swept settings, the hash), plus the tool version.
/// </summary>
public static class PlanFile
{
    public const string FileName = "plan.json";

    /// <summary>The file's text: <c>toolVersion</c> first, then every member of the plan in camelCase.</summary>
    public static string Format(SweepPlan plan, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // Serialised member by member from the record itself, so whatever SweepPlan gains is written too.
        var planObject = JsonSerializer.SerializeToNode(plan, JsonFormats.Indented)!.AsObject();
        var document = new JsonObject { ["toolVersion"] = toolVersion };
        foreach (var (name, value) in planObject.ToArray())
        {
            planObject.Remove(name);
            document[name] = value;
        }

        return document.ToJsonString(JsonFormats.Indented) + "\n";
    }

    /// <summary>Writes <c>plan.json</c> into <paramref name="outputDirectory"/> atomically.</summary>
    public static void Write(string outputDirectory, SweepPlan plan, string toolVersion) =>
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, FileName), Format(plan, toolVersion));

    /// <summary>Reads <paramref name="path"/> back. Throws <see cref="InvalidDataException"/> naming the file when it is not JSON or has no hash.</summary>
    public static StoredPlan Read(string path)
    {
        var text = File.ReadAllText(path);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text)?.AsObject() ?? throw new InvalidDataException($"{path}: the plan file holds null, not a plan.");
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a plan file ({error.Message}).", error);
        }

        var hash = StringMember(root, "hash") ?? throw new InvalidDataException($"{path}: the plan file has no \"hash\".");
        var toolVersion = StringMember(root, "toolVersion") ?? "unknown";
        try
        {
            var plan = root.Deserialize<SweepPlan>(JsonFormats.Indented);
            return new StoredPlan(hash, toolVersion, plan, plan is null ? "the plan is null" : null);
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or ArgumentException)
        {
            // An older tool's plan: the hash alone still tells whether the plan changed.
            return new StoredPlan(hash, toolVersion, null, error.Message);
        }
    }

    private static string? StringMember(JsonObject root, string name) =>
        root[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
