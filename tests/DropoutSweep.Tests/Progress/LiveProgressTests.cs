using DropoutSweep.Engine;
using DropoutSweep.Progress;
using Spectre.Console;
using Spectre.Console.Testing;
using Xunit;

namespace DropoutSweep.Tests.Progress;

/// <summary>The terminal display, on Spectre.Console's test console: the block's content, log lines above it intact, and which display a console gets.</summary>
public sealed class LiveProgressTests
{
    [Fact]
    public void The_block_shows_each_running_trial_and_the_sweeps_bar_count_and_time_left()
    {
        var clock = new ManualClock();
        var progress = new SweepProgress(ProgressFixtures.Run(repeats: 2), clock);
        progress.Started(new TrialStarted(3, 1, "worker-1", NodeName.Local));
        progress.Started(new TrialStarted(4, 1, "worker-2", NodeName.Local));
        clock.At(TimeSpan.FromSeconds(30));
        progress.Recorded(new TrialRecorded(1, Core.Results.TrialStatus.Completed, 2, 6));
        progress.Progressed(ProgressFixtures.Epoch(3, 120, 0.8123));
        var console = new TestConsole().Width(100);

        console.Write(ProgressBlock.Render(progress.Snapshot()));

        var lines = console.Lines;
        var header = lines.Single(l => l.Contains("val_acc", StringComparison.Ordinal));
        Assert.Contains("dropout_rate", header);
        var trial3 = lines.Single(l => l.Contains("worker-1", StringComparison.Ordinal));
        Assert.Equal(["3", "worker-1", "120/500", "0.8123", "0.1", "0:30"], trial3.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["4", "worker-2", "0/500", "—", "0.1", "0:30"], lines.Single(l => l.Contains("worker-2", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // 2 of 6 done + 0.24 of a trial in 30 s; 3.76 trials left: 50.4 s.
        Assert.Contains("specs: 2/6 trials  33%  elapsed 0:30  ETA 0:50", lines[^1]);
        Assert.StartsWith(new string('━', 10) + new string('─', 20), lines[^1]);
    }

    [Fact]
    public async Task Log_lines_written_from_many_threads_appear_whole_above_the_block_and_the_block_is_cleared_at_the_end()
    {
        var progress = new SweepProgress(ProgressFixtures.Run(), TimeProvider.System);
        progress.Started(new TrialStarted(1, 1, "worker-1", NodeName.Local));
        var console = new TestConsole().Interactive().EmitAnsiSequences().Width(120);

        var live = LiveProgress.Start(console, progress, TimeSpan.FromMilliseconds(1));
        var writers = Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                live.WriteLine($"08:00:00 INF thread {thread} line {i}");
            }
        }));
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await live.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        var output = console.Output;
        for (var thread = 0; thread < 4; thread++)
        {
            var positions = Enumerable.Range(0, 100).Select(i => output.IndexOf($"\u001b[0J08:00:00 INF thread {thread} line {i}\n", StringComparison.Ordinal)).ToList();
            Assert.All(positions, p => Assert.True(p >= 0));
            Assert.Equal(positions.Order(), positions); // each thread's lines in its order
        }

        // The block was drawn, then erased line by line at the end, and never drawn again (lines queued after its last
        // frame come after it, directly).
        var erased = output.LastIndexOf("\u001b[2K\u001b[1A\u001b[2K", StringComparison.Ordinal);
        Assert.True(erased > output.IndexOf("worker-1", StringComparison.Ordinal), "the block was not drawn, or not erased");
        Assert.DoesNotContain("worker-1", output[erased..]);
    }

    [Fact]
    public void A_terminal_gets_the_live_block_a_pipe_gets_lines_and_quiet_or_no_progress_get_nothing()
    {
        var terminal = new TestConsole().Interactive().SupportsAnsi(true);
        var pipe = new TestConsole().SupportsAnsi(false);

        Assert.Equal(ProgressDisplay.Live, ProgressView.Choose(quiet: false, noProgress: false, terminal));
        Assert.Equal(ProgressDisplay.Lines, ProgressView.Choose(quiet: false, noProgress: false, pipe));
        Assert.Equal(ProgressDisplay.Off, ProgressView.Choose(quiet: false, noProgress: true, terminal));
        Assert.Equal(ProgressDisplay.Off, ProgressView.Choose(quiet: true, noProgress: false, terminal));
        Assert.Equal(ProgressDisplay.Off, ProgressView.Choose(quiet: true, noProgress: false, pipe));
    }
}
