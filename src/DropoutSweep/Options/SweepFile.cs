using System.Text.Json;
using System.Text.RegularExpressions;
using DropoutSweep.Core.Search;
using Microsoft.Extensions.Configuration;

namespace DropoutSweep.Options;

/// <summary>
/// Checks a sweep file before it is added to configuration, whose JSON provider would otherwise fail with an exception
/// and a stack trace: the file exists, is JSON (comments and trailing commas allowed, as in appsettings.json), has no
/// duplicate keys (configuration keys ignore case) and holds a top-level <c>Sweep</c> object.
/// </summary>
public static partial class SweepFile
{
    private static readonly JsonDocumentOptions s_jsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// Checks the file at <paramref name="path"/>; messages name it as <paramref name="displayName"/> (what the user typed),
    /// or as <paramref name="path"/>.
    /// </summary>
    public static SweepFileCheck Check(string path, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = $"config file '{displayName ?? path}'";
        if (Directory.Exists(path))
        {
            return Failed($"{name} is a folder, not a file");
        }

        if (!File.Exists(path))
        {
            return Failed($"{name} not found");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed($"{name} cannot be read: {e.Message}");
        }

        // The JSON configuration provider accepts a UTF-8 byte order mark; JsonDocument does not.
        var json = bytes.AsMemory();
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_jsonOptions);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            return Failed($"{name} is not valid JSON: line {line}, column {column}: {Reason(e)}");
        }

        using (document)
        {
            return CheckDocument(document.RootElement, name);
        }
    }

    /// <summary>
    /// Checks the file, then reads and validates it on its own (no appsettings, environment or command line): the
    /// whole chain for one sweep file, as tests and tools need it.
    /// </summary>
    public static SweepOptionsReading Read(string path, string? displayName = null)
    {
        var check = Check(path, displayName);
        if (!check.IsValid)
        {
            return new SweepOptionsReading(new SweepOptions(), check.Problems);
        }

        var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        return SweepOptionsReader.Read(configuration, check.SpaceOrder);
    }

    private static SweepFileCheck CheckDocument(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failed($"{name} must hold a JSON object with a \"Sweep\" object inside, not {Describe(root.ValueKind)}");
        }

        var problems = new List<SettingProblem>();
        FindDuplicateKeys(root, "", name, problems);
        var sweep = root.EnumerateObject()
            .Where(p => string.Equals(p.Name, SweepOptionsReader.SectionName, StringComparison.OrdinalIgnoreCase))
            .ToList();
        IReadOnlyList<string> spaceOrder = [];
        if (sweep.Count == 0)
        {
            var keys = root.EnumerateObject().Select(p => p.Name).ToList();
            var suggestion = keys.FirstOrDefault(k => NearestName.Find(k, [SweepOptionsReader.SectionName]) is not null);
            problems.Add(new SettingProblem(
                "",
                $"{name} has no top-level \"Sweep\" object"
                + (suggestion is not null ? $" (found \"{suggestion}\" — did you mean Sweep?)" : "")));
        }
        else if (sweep[0].Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new SettingProblem(
                "", $"{name}: \"Sweep\" must be an object, not {Describe(sweep[0].Value.ValueKind)}"));
        }
        else
        {
            spaceOrder = sweep[0].Value.EnumerateObject()
                .Where(p => string.Equals(p.Name, "Space", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.Object)
                .SelectMany(p => p.Value.EnumerateObject().Select(entry => entry.Name))
                .ToList();
        }

        return new SweepFileCheck(problems, spaceOrder);
    }

    private static void FindDuplicateKeys(JsonElement element, string path, string name, List<SettingProblem> problems)
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

    private static SweepFileCheck Failed(string message) => new([new SettingProblem("", message)], []);

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
