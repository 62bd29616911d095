using System.Text.Json;
using DropoutSweep.Core.Settings;
using Json.Schema;
using Xunit;

namespace DropoutSweep.Tests.Options;

/// <summary>
/// Sweep files checked against the generated schema by an independent validator (JsonSchema.Net): every shipped sweep
/// file passes, and the invalid corpus is refused, except the files whose problem no schema can see (named below, and
/// checked to pass, so that the list stays true).
/// </summary>
public sealed class SweepSchemaValidationTests
{
    private static readonly string s_corpus = Path.Combine(AppContext.BaseDirectory, "TestData", "invalid");

    // Problems that need more than one value's type and bounds, or the data, to see.
    private static readonly Dictionary<string, string> s_beyondTheSchema = new()
    {
        ["min-greater-than-max.json"] = "compares two values (Min <= Max)",
        ["plan-too-large.json"] = "counts the plan's trials",
        ["csv-empty.json"] = "the CSV file's content",
        ["csv-ragged.json"] = "the CSV file's content",
        ["csv-non-numeric.json"] = "the CSV file's content",
        ["csv-label-missing.json"] = "the CSV file's content",
        ["csv-one-class.json"] = "the CSV file's content",
        ["csv-too-few-rows.json"] = "the CSV file's content",
        ["csv-missing.json"] = "whether the file exists",
    };

    private static readonly JsonDocumentOptions s_lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The shipped schema's text (SweepSchemaTests holds that file equal to a fresh generation).</summary>
    internal static string Shipped { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", SweepSchema.FileName));

    internal static JsonSchema Schema { get; } = JsonSchema.FromText(Shipped);

    public static TheoryData<string> ShippedSweeps() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config"), "*.json").Select(Path.GetFileName).OfType<string>().Where(f => f != SweepSchema.FileName)];

    [Theory]
    [MemberData(nameof(ShippedSweeps))]
    public void Every_shipped_sweep_file_passes_the_schema_and_names_it(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "config", file);

        Assert.Empty(Problems(path));
        using var document = JsonDocument.Parse(File.ReadAllText(path), s_lenient);
        Assert.Equal(SweepSchema.FileName, document.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void The_invalid_corpus_is_refused_by_the_schema_too()
    {
        var files = Directory.GetFiles(s_corpus, "*.json").Where(f => Path.GetFileName(f) != "expected.json" && Parses(f)).ToList();
        Assert.True(files.Count >= 60, $"only {files.Count} corpus files parse as JSON");

        var passed = files.Where(f => !s_beyondTheSchema.ContainsKey(Path.GetFileName(f)) && Problems(f).Count == 0).Select(Path.GetFileName).ToList();
        var refusedAnyway = s_beyondTheSchema.Keys.Where(f => Problems(Path.Combine(s_corpus, f)).Count > 0).ToList();

        Assert.True(passed.Count == 0, "the schema accepts: " + string.Join(", ", passed));
        Assert.True(refusedAnyway.Count == 0, "listed as beyond the schema, yet refused by it: " + string.Join(", ", refusedAnyway));
    }

    /// <summary>The validator's errors for the file at <paramref name="path"/>: one "location: message" per error; empty when it passes.</summary>
    internal static IReadOnlyList<string> Problems(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), s_lenient);
        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).DefaultIfEmpty("invalid")];
    }

    private static bool Parses(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), s_lenient);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
