using System.Collections.Concurrent;
using System.Text.Json;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// The corpus of invalid sweep files (TestData/invalid, manifest expected.json), run once, through the built executable
/// as a user meets it: each file exits 2, prints every expected fragment (and exactly the expected number of problems),
/// shows no stack trace, and leaves an existing output folder exactly as it was. The processes run a few at a time: a
/// refused run stops before the host starts, so the corpus costs seconds, not a minute.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class InvalidCorpusExecutableTests
{
    private const int ProcessesAtOnce = 3;
    private static readonly string s_testOutput = AppContext.BaseDirectory;
    private static readonly string s_corpus = Path.Combine(s_testOutput, "TestData", "invalid");

    [Fact]
    public void The_manifest_lists_every_corpus_file_and_the_corpus_is_large_enough()
    {
        var manifest = Manifest();
        var files = Directory.GetFiles(s_corpus, "*.json").Select(Path.GetFileName).Where(f => f != "expected.json").Order();

        Assert.Equal(manifest.Where(e => !e.Value.Absent).Select(e => e.Key).Order(), files);
        Assert.True(manifest.Count(e => !e.Value.Dataset) >= 30, $"the corpus has {manifest.Count(e => !e.Value.Dataset)} invalid sweep files");
        Assert.All(manifest.Where(e => e.Value.Absent), e => Assert.False(File.Exists(Path.Combine(s_corpus, e.Key))));
    }

    [Fact]
    public async Task Every_corpus_file_exits_2_with_its_messages_and_leaves_the_output_folder_untouched()
    {
        var manifest = Manifest();
        using var folder = new ScratchFolder();
        var output = folder["out"];
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "plan.json"), "an earlier run's plan", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(output, "results.csv"), "an earlier run's report", TestContext.Current.CancellationToken);
        var before = ScratchFolder.Snapshot(output);
        var failures = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(
            manifest,
            new ParallelOptions { MaxDegreeOfParallelism = ProcessesAtOnce, CancellationToken = TestContext.Current.CancellationToken },
            async (entry, _) =>
            {
                // A configuration file is named as typed from the corpus folder, so messages name it as the manifest
                // does; a bad-CSV file runs from the test output folder, which its Dataset.Path is relative to.
                var (workingDirectory, config) = entry.Value.Dataset
                    ? (s_testOutput, Path.Combine("TestData", "invalid", entry.Key))
                    : (s_corpus, entry.Key);
                using var process = await SweepProcess.RunAsync(workingDirectory, TimeSpan.FromSeconds(60), "--config", config, "--out", output);
                var problem = Check(entry.Value, process);
                if (problem is not null)
                {
                    failures.Add($"{entry.Key}: {problem}\n{process}");
                }
            });

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures));
        Assert.Equal(before, ScratchFolder.Snapshot(output));
    }

    private static Dictionary<string, CorpusEntry> Manifest() =>
        JsonSerializer.Deserialize<Dictionary<string, CorpusEntry>>(
            File.ReadAllText(Path.Combine(s_corpus, "expected.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidDataException("expected.json is empty");

    private static string? Check(CorpusEntry expected, SweepProcess process)
    {
        if (process.ExitCode != 2)
        {
            return $"exit {process.ExitCode}, expected 2";
        }

        var missing = expected.Fragments.Where(f => !process.Error.Contains(f, StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return $"missing fragments: {string.Join(" | ", missing)}";
        }

        var problems = process.Error.Split('\n').Count(line => line.StartsWith("  - ", StringComparison.Ordinal));
        if (problems != (expected.Count ?? 1))
        {
            return $"{problems} problems reported, expected {expected.Count ?? 1}";
        }

        return process.Error.Contains("   at ", StringComparison.Ordinal) ? "a stack trace was printed" : null;
    }

    private sealed record CorpusEntry(string[] Fragments, int? Count, bool Dataset, bool Absent);
}
