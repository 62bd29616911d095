using System.Text.Json;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// The console of a run whose output is not a terminal (as here, and in CI): plain text without control codes, and what
/// <c>--quiet</c> leaves out; the structured log is the same either way.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class ConsoleOutputTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Redirected_output_carries_no_control_codes()
    {
        using var folder = new ScratchFolder();

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "config/quick.json");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("Sweep quick completed", process.Output);
        Assert.DoesNotContain('\u001b', process.Output);
        Assert.DoesNotContain('\u001b', process.Error);
    }

    [Fact]
    public async Task Quiet_prints_only_warnings_and_errors_and_leaves_the_log_file_as_it_is()
    {
        using var folder = new ScratchFolder();

        using var quiet = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "config/quick.json", "--quiet", "--out", "quiet");
        using var plain = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "config/quick.json", "--no-progress", "--out", "plain");

        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.DoesNotContain(" INF ", quiet.Output);
        Assert.Contains(" INF ", plain.Output);
        Assert.True(File.Exists(folder["quiet/report.md"]));
        Assert.Equal(EventTypes(folder["plain/sweep.log.json"]), EventTypes(folder["quiet/sweep.log.json"]));
    }

    // The log file's events as (EventType, TrialId) pairs, in order of trial: what it records, not when.
    private static List<string> EventTypes(string log) =>
        [.. File.ReadLines(log)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("EventType", out _))
            .Select(e => $"{e.GetProperty("EventType").GetString()} {(e.TryGetProperty("TrialId", out var id) ? id.GetRawText() : "")}")
            .Order()];
}
