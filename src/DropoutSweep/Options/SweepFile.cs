using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Options;

/// <summary>
/// Reads a sweep file once: it exists, is JSON (comments, trailing commas and a UTF-8 byte order mark allowed, as in
/// appsettings.json), has no duplicate keys (keys ignore case), holds a top-level <c>Sweep</c> object and no top-level
/// key outside the known sections. The parsed tree is what the loader lays the overrides over and the catalogue reads.
/// </summary>
public static partial class SweepFile
{
    private static readonly JsonDocumentOptions s_jsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// Reads and checks the file at <paramref name="path"/>; messages name it as <paramref name="displayName"/> (what the
    /// user typed), or as <paramref name="path"/>.
    /// </summary>
    public static SweepFileCheck Check(string path, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = $"config file '{displayName ?? path}'";
        var (root, problem) = Parse(path, name);
        if (root is null)
        {
            return new SweepFileCheck([new SettingProblem("", problem!)], null);
        }

        var problems = CheckDocument(root.RootElement, name);
        using (root)
        {
            return problems.Count > 0
                ? new SweepFileCheck(problems, null)
                : new SweepFileCheck([], JsonObject.Create(root.RootElement.Clone(), SettingsTree.NodeOptions));
        }
    }

    /// <summary>
    /// Checks the file, then reads and validates it on its own (no appsettings, environment or command line): the
    /// whole chain for one sweep file, as tests and tools need it.
    /// </summary>
    public static SweepOptionsReading Read(string path, string? displayName = null)
    {
        var check = Check(path, displayName);
        return check.IsValid
            ? SweepReader.Read(check.Document![SweepSettings.Root])
            : new SweepOptionsReading(new SweepOptions(), check.Problems);
    }

    /// <summary>
    /// Parses a JSON file with the leniency of appsettings.json; null with the problem (<c>NAME is not valid JSON: line 4,
    /// column 15: ...</c>, 1-based) when it is missing, unreadable or not JSON.
    /// </summary>
    internal static (JsonDocument? Document, string? Problem) Parse(string path, string name)
    {
        if (Directory.Exists(path))
        {
            return (null, $"{name} is a folder, not a file");
        }

        if (!File.Exists(path))
        {
            return (null, $"{name} not found");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{name} cannot be read: {e.Message}");
        }

        // The JSON configuration provider accepts a UTF-8 byte order mark; JsonDocument does not.
        var json = bytes.AsMemory();
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        try
        {
            return (JsonDocument.Parse(json, s_jsonOptions), null);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            return (null, $"{name} is not valid JSON: line {line}, column {column}: {Reason(e)}");
        }
    }

    /// <summary>Duplicate keys anywhere in <paramref name="element"/> (keys ignore case), each as a problem naming <paramref name="name"/>.</summary>
    internal static void FindDuplicateKeys(JsonElement element, string path, string name, List<SettingProblem> problems)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                FindDuplicateKeys(item, $"{path}:{index++}", name, problems);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                var propertyPath = path.Length == 0 ? property.Name : $"{path}:{property.Name}";
                if (!seen.Add(property.Name))
                {
                    problems.Add(new SettingProblem("", $"{name}: duplicate key '{propertyPath}' (keys ignore case)"));
                }

                FindDuplicateKeys(property.Value, propertyPath, name, problems);
            }
        }
    }

    private static List<SettingProblem> CheckDocument(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return [new SettingProblem("", $"{name} must hold a JSON object with a \"Sweep\" object inside, not {Describe(root.ValueKind)}")];
        }

        var problems = new List<SettingProblem>();
        FindDuplicateKeys(root, "", name, problems);
        var sweep = root.EnumerateObject()
            .Where(p => string.Equals(p.Name, SweepSettings.Root, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (sweep.Count == 0)
        {
            var keys = root.EnumerateObject().Select(p => p.Name).ToList();
            var suggestion = keys.FirstOrDefault(k => NearestName.Find(k, [SweepSettings.Root]) is not null);
            problems.Add(new SettingProblem(
                "",
                $"{name} has no top-level \"Sweep\" object"
                + (suggestion is not null ? $" (found \"{suggestion}\" — did you mean Sweep?)" : "")));
            return problems;
        }

        if (sweep[0].Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new SettingProblem(
                "", $"{name}: \"Sweep\" must be an object, not {Describe(sweep[0].Value.ValueKind)}"));
        }

        foreach (var property in root.EnumerateObject())
        {
            if (ConfigurationRoots.Problem(property.Name, name, key => key) is { } problem)
            {
                problems.Add(new SettingProblem("", problem));
            }
        }

        return problems;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    // JsonException appends "LineNumber: 2 | BytePositionInLine: 11." (0-based); the message gives 1-based line and column instead.
    private static string Reason(JsonException e) => PositionSuffix().Replace(e.Message, "").Trim();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex PositionSuffix();
}
