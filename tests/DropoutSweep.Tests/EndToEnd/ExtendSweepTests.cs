using System.Text.Json;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// Raising Repeats (or Random Trials) and running into the same folder keeps the finished trials with their numbers and
/// runs only the new ones; lowering it, or any other change, is refused naming what differs.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class ExtendSweepTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Raising_repeats_runs_only_the_new_trials_numbered_after_the_finished_ones()
    {
        using var folder = new ScratchFolder();
        string[] quick = ["--config", "config/quick.json", "--out", "out", "--Sweep:Training:Epochs=20", "--parallelism", "2"];

        using var first = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. quick]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var journal = folder["out/trials.jsonl"];
        var before = await File.ReadAllLinesAsync(journal, TestContext.Current.CancellationToken);

        using var second = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. quick, "--Sweep:Repeats=2"]);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("4 of 8 trials already done", second.Output);

        var after = await File.ReadAllLinesAsync(journal, TestContext.Current.CancellationToken);
        Assert.Equal(before, after.Take(4));
        var added = after.Skip(4).Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (Trial: e.GetProperty("trialId").GetInt32(), Configuration: e.GetProperty("configuration").GetInt32(), Repeat: e.GetProperty("repeat").GetInt32()))
            .OrderBy(t => t.Trial);
        Assert.Equal([(5, 1, 2), (6, 2, 2), (7, 3, 2), (8, 4, 2)], added);

        using var lowered = await SweepProcess.RunAsync(folder.Path, s_timeout, [.. quick]);
        Assert.True(lowered.ExitCode == 2, lowered.ToString());
        Assert.Contains("Repeats was lowered (was 2, now 1; it may only be raised)", lowered.Error);
    }
}
