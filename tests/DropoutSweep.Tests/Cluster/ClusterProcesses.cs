using System.Text.Json;
using System.Text.RegularExpressions;
using DropoutSweep.Tests.EndToEnd;

namespace DropoutSweep.Tests.Cluster;

/// <summary>What the cluster end-to-end tests read from the processes and the coordinator's output folder while they run.</summary>
internal static partial class ClusterProcesses
{
    /// <summary>Short failure-detector and split-brain timings so that a killed node is downed within seconds.</summary>
    public static string[] FastTimings { get; } = ["--Cluster:HeartbeatPause=2s", "--Cluster:StableAfter=2s"];

    /// <summary>Polls <paramref name="probe"/> until it returns a value; fails with every process's output after <paramref name="timeout"/>.</summary>
    public static async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout, string what, params SweepProcess[] processes)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.\n{string.Join("\n----\n", processes.Select(p => p.ToString()))}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The port the coordinator announced (<c>--join 127.0.0.1:PORT</c>), or null.</summary>
    public static string? JoinAddress(string output) => JoinLine().Match(output) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The node name a worker announced when it joined (<c>as node 127.0.0.1:PORT</c>), or null.</summary>
    public static string? NodeName(string output) => NodeLine().Match(output) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// Every node name a worker process joined as, in order: more than one when it lost the coordinator (or was downed as
    /// unreachable on a loaded machine) and rejoined as a fresh node on a new port.
    /// </summary>
    public static IReadOnlyList<string> NodeNames(string output) => NodeLine().Matches(output).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The id of the first trial the coordinator re-queued (<c>Re-queueing trial N</c>), or null.</summary>
    public static string? Requeued(string output) => RequeueLine().Match(output) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Trial id → node of every line of the journal so far.</summary>
    public static IReadOnlyList<(int TrialId, string Node)> Journal(string folder) =>
        SharedLines(Path.Combine(folder, "trials.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (e.GetProperty("trialId").GetInt32(), e.GetProperty("node").GetString()!))
            .ToList();

    /// <summary>Trial ids whose start on <paramref name="node"/> the coordinator logged so far (sweep.log.json, TrialStarted).</summary>
    public static IReadOnlyList<int> StartedOn(string folder, string node) =>
        SharedLines(Path.Combine(folder, "sweep.log.json"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("EventType", out var type) && type.GetString() == "TrialStarted"
                && e.TryGetProperty("Node", out var n) && n.GetString() == node)
            .Select(e => e.GetProperty("TrialId").GetInt32())
            .ToList();

    // Complete lines only, read while the coordinator still writes the file.
    private static IEnumerable<string> SharedLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"--join (127\.0\.0\.1:\d+)")]
    private static partial Regex JoinLine();

    [GeneratedRegex(@"Re-queueing trial (\d+)")]
    private static partial Regex RequeueLine();

    [GeneratedRegex(@"as node (127\.0\.0\.1:\d+)")]
    private static partial Regex NodeLine();
}
