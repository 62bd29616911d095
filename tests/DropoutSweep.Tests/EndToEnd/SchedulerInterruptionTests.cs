using System.Globalization;
using System.Text.Json;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>Successive halving killed with SIGKILL in the middle of a rung, and run again: the process as a user runs it.</summary>
[Collection(ExecutableCollection.Name)]
public sealed class SchedulerInterruptionTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(180);
    private static readonly string s_sweep = Path.Combine(AppContext.BaseDirectory, "TestData", "EndToEnd", "halving-interruptible.json");

    private static string[] Args(string output) => ["--config", s_sweep, "--out", output, "--parallelism", "2"];

    [Fact]
    public async Task After_SIGKILL_mid_rung_a_rerun_trains_only_the_unfinished_work_of_that_rung_from_its_checkpoints_and_ends_as_an_uninterrupted_run()
    {
        using var folder = new ScratchFolder();
        using var uninterrupted = await SweepProcess.RunAsync(folder.Path, s_timeout, Args(folder["reference"]));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        // Rung 1 has 9 pieces; kill as soon as the first piece of rung 2 (3 configurations) has reached its budget.
        var output = folder["killed"];
        using (var sweep = SweepProcess.Start(folder.Path, Args(output)))
        {
            await WaitForRungResultsAsync(output, 9 + 1, sweep);
            sweep.KillHard();
        }

        var reached = RungResults(output);
        var final = JournalTrials(output);
        var checkpoints = Checkpoints(output);
        Assert.True(reached.Count(r => r.Rung == 2) is > 0 and < 3, $"not killed mid-rung 2 ({reached.Count(r => r.Rung == 2)} of 3 reached): make the pieces longer");

        using var rerun = await SweepProcess.RunAsync(folder.Path, s_timeout, Args(output));

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("paused at a rung", rerun.Output);
        var started = StartedInLastRun(output);
        Assert.NotEmpty(started);
        Assert.All(started, s =>
        {
            // Nothing that had reached its rung, or ended, trains again; each piece continues from the rung before
            // (rungs at 1,500, 4,500 and 13,500 epochs), a trial's first piece from the checkpoint the kill left.
            Assert.DoesNotContain((s.TrialId, s.Rung), reached);
            Assert.DoesNotContain(s.TrialId, final);
            Assert.Equal(s.Rung switch { 1 => 0, 2 => 1500, _ => 4500 }, s.FromEpoch);
        });
        Assert.All(started.GroupBy(s => s.TrialId), trial => Assert.Equal(checkpoints.GetValueOrDefault(trial.Key), trial.First().FromEpoch));
        Assert.DoesNotContain(started, s => s.Rung == 1);
        Assert.Equal(WithoutTimings(ReportFiles.ReadResultsCsv(folder["reference"])), WithoutTimings(ReportFiles.ReadResultsCsv(output)));
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "checkpoints")));
    }

    private static async Task WaitForRungResultsAsync(string folder, int lines, SweepProcess process)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (Lines(Path.Combine(folder, "rungs.jsonl")).Count < lines)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"rungs.jsonl did not reach {lines} lines.\n{process}");
            }

            await Task.Delay(5);
        }
    }

    private static List<string> Lines(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').SkipLast(1).Where(l => l.Length > 0)]; // whole lines only
    }

    private static HashSet<(int TrialId, int Rung)> RungResults(string folder) =>
        [.. Lines(Path.Combine(folder, "rungs.jsonl")).Select(l => JsonDocument.Parse(l)).Select(d => (Int(d.RootElement, "trialId"), Int(d.RootElement, "rung")))];

    private static HashSet<int> JournalTrials(string folder) =>
        [.. Lines(Path.Combine(folder, "trials.jsonl")).Select(l => JsonDocument.Parse(l)).Select(d => Int(d.RootElement, "trialId"))];

    // Trial → the epoch of its checkpoint on disk.
    private static Dictionary<int, int> Checkpoints(string folder) =>
        Directory.Exists(Path.Combine(folder, "checkpoints"))
            ? Directory.GetFiles(Path.Combine(folder, "checkpoints"), "trial-*.json")
                .Select(f => JsonDocument.Parse(File.ReadAllBytes(f)).RootElement)
                .ToDictionary(c => Int(c, "trialId"), c => Int(c.GetProperty("result"), "epochsRun"))
            : [];

    // The TrialStarted events of the log after its last SweepStarted event: what the rerun handed out.
    private static List<(int TrialId, int Rung, int FromEpoch)> StartedInLastRun(string folder)
    {
        var events = ReportFiles.ReadLogEvents(folder);
        var lastStart = events.Select((e, i) => (e, i)).Last(p => EventType(p.e) == "SweepStarted").i;
        return [.. events.Skip(lastStart).Where(e => EventType(e) == "TrialStarted").Select(e => (Int(e, "TrialId"), Int(e, "Rung"), Int(e, "FromEpoch")))];
    }

    private static string? EventType(JsonElement e) => e.TryGetProperty("EventType", out var type) ? type.GetString() : null;

    private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    private static List<string> WithoutTimings(IEnumerable<IReadOnlyDictionary<string, string>> rows) =>
        [.. rows.Select(r => string.Join(",", r.Where(c => c.Key is not ("seconds" or "node" or "attempts")).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")))];
}
