using System.Text.Json;
using System.Text;
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
        using var buffer = new MemoryStream();
        WriteTo(buffer, plan, toolVersion);
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer.ToArray());
    }

    /// <summary>Writes <c>plan.json</c> into <paramref name="outputDirectory"/> atomically.</summary>
    public static void Write(string outputDirectory, SweepPlan plan, string toolVersion) =>
        AtomicFile.Write(Path.Combine(outputDirectory, FileName), stream => WriteTo(stream, plan, toolVersion));

    /// <summary>
    /// Streams the file. Member by member from the record's own contract, so whatever SweepPlan gains is written too;
    /// streamed rather than built as a JSON tree, which for a 10,000-trial plan cost ~100 MB at the sweep's start.
    /// </summary>
    private static void WriteTo(Stream stream, SweepPlan plan, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var options = JsonFormats.Indented;
        using (var json = new Utf8JsonWriter(stream, JsonFormats.IndentedWriter))
        {
            json.WriteStartObject();
            json.WriteString("toolVersion", toolVersion);
            foreach (var property in options.GetTypeInfo(typeof(SweepPlan)).Properties)
            {
                var value = property.Get?.Invoke(plan);
                if (property.Get is null || (property.ShouldSerialize is { } should && !should(plan, value)))
                {
                    continue;
                }

                json.WritePropertyName(property.Name);
                if (value is IReadOnlyList<TrialSpec> trials)
                {
                    // Element by element, flushed as it goes: Utf8JsonWriter otherwise holds the whole array (77 MB for
                    // 100,000 trials, ~280 MB allocated while its buffer doubles) until the end.
                    json.WriteStartArray();
                    foreach (var trial in trials)
                    {
                        JsonSerializer.Serialize(json, trial, options);
                        if (json.BytesPending > 1 << 16)
                        {
                            json.Flush();
                        }
                    }

                    json.WriteEndArray();
                }
                else
                {
                    JsonSerializer.Serialize(json, value, property.PropertyType, options);
                }
            }

            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>Reads <paramref name="path"/> back. Throws <see cref="InvalidDataException"/> naming the file when it is not JSON or has no hash.</summary>
    public static StoredPlan Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not a plan file ({error.Message}).", error);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: the plan file holds {root.ValueKind}, not a plan.");
            }

            var hash = StringMember(root, "hash") ?? throw new InvalidDataException($"{path}: the plan file has no \"hash\".");
            var toolVersion = StringMember(root, "toolVersion") ?? "unknown";
            try
            {
                var plan = root.Deserialize<SweepPlan>(JsonFormats.Indented);
                return new StoredPlan(hash, toolVersion, plan, plan is null ? "the plan is null" : null);
            }
            catch (Exception error) when (error is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                // An older tool's plan: the hash alone still tells whether the plan changed.
                return new StoredPlan(hash, toolVersion, null, error.Message);
            }
        }
    }

    private static string? StringMember(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
