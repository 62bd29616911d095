using System.Text.Json;
using DropoutSweep.Options;
using Xunit;

namespace DropoutSweep.Tests.Options;

/// <summary>
/// Runs every sweep file of TestData/invalid through the loader, reader and validator. The manifest
/// (TestData/invalid/expected.json) maps each file to the message fragments it must produce; entries flagged
/// <c>"dataset": true</c> have valid settings and a CSV the data set loader refuses (checked end to end by the host's test).
/// </summary>
public sealed class InvalidCorpusTests
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "TestData", "invalid");

    private static readonly Dictionary<string, CorpusEntry> s_manifest = LoadManifest();

    public static TheoryData<string> ConfigurationCases() => [.. s_manifest.Where(e => !e.Value.Dataset).Select(e => e.Key)];

    public static TheoryData<string> DatasetCases() => [.. s_manifest.Where(e => e.Value.Dataset).Select(e => e.Key)];

    [Theory]
    [MemberData(nameof(ConfigurationCases))]
    public void An_invalid_sweep_file_is_refused_with_messages_naming_its_settings(string file)
    {
        var expected = s_manifest[file];

        var reading = SweepFile.Read(Path.Combine(s_folder, file), displayName: file);

        var messages = reading.Problems.Select(p => p.ToString()).ToArray();
        Assert.False(reading.IsValid);
        foreach (var fragment in expected.Fragments)
        {
            Assert.True(
                messages.Any(m => m.Contains(fragment, StringComparison.Ordinal)),
                $"'{fragment}' is in none of:{Environment.NewLine}{string.Join(Environment.NewLine, messages)}");
        }

        Assert.Equal(expected.Count ?? 1, messages.Length);
    }

    [Theory]
    [MemberData(nameof(DatasetCases))]
    public void A_sweep_file_with_a_bad_csv_passes_configuration_checks_so_the_loader_reports_the_file(string file)
    {
        var reading = SweepFile.Read(Path.Combine(s_folder, file), displayName: file);

        Assert.Empty(reading.Problems);
    }

    [Fact]
    public void The_manifest_lists_every_corpus_file_and_the_corpus_is_large_enough()
    {
        var files = Directory.GetFiles(s_folder, "*.json").Select(Path.GetFileName).Where(f => f != "expected.json").Order();
        var listed = s_manifest.Where(e => !e.Value.Absent).Select(e => e.Key).Order();

        Assert.Equal(listed, files);
        Assert.True(s_manifest.Count(e => !e.Value.Dataset) >= 30);
        Assert.All(s_manifest.Where(e => e.Value.Absent), e => Assert.False(File.Exists(Path.Combine(s_folder, e.Key))));
    }

    private static Dictionary<string, CorpusEntry> LoadManifest()
    {
        var json = File.ReadAllText(Path.Combine(s_folder, "expected.json"));
        return JsonSerializer.Deserialize<Dictionary<string, CorpusEntry>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException("expected.json is empty");
    }

    private sealed record CorpusEntry(string[] Fragments, int? Count, bool Dataset, bool Absent);
}
