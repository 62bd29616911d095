using DropoutSweep.Core.Results;
using DropoutSweep.Engine;
using DropoutSweep.Progress;
using Xunit;

namespace DropoutSweep.Tests.Progress;

/// <summary>
/// Progress where output is not a terminal: at most one line per running trial every 30 s (the rule), with the
/// clock a test's to move, and never a control code.
/// </summary>
public sealed class ProgressLinesTests
{
    [Fact]
    public void Each_running_trial_gets_at_most_one_line_every_30_seconds_and_none_once_it_is_recorded()
    {
        var clock = new ManualClock();
        var progress = new SweepProgress(ProgressFixtures.Run(), clock);
        var output = new StringWriter();
        var lines = new ProgressLines(progress, output, clock);
        string[] Tick(int seconds)
        {
            clock.At(TimeSpan.FromSeconds(seconds));
            var before = output.ToString().Length;
            lines.Tick();
            return output.ToString()[before..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        progress.Started(new TrialStarted(1, 1, "worker-1", NodeName.Local));
        clock.At(TimeSpan.FromSeconds(10));
        progress.Started(new TrialStarted(2, 1, "worker-2", NodeName.Local));

        Assert.Empty(Tick(29));
        var first = Assert.Single(Tick(30));
        Assert.Equal("08:00:30 Trial 1/3 (worker-1): epoch 0/500, val_acc —, running 0:30; sweep 0/3 trials done", first);
        Assert.Empty(Tick(30));
        Assert.Empty(Tick(39));
        Assert.StartsWith("08:00:40 Trial 2/3 (worker-2): epoch 0/500", Assert.Single(Tick(40)));
        progress.Progressed(ProgressFixtures.Epoch(1, 120, 0.8123));
        Assert.Empty(Tick(59));
        Assert.Equal("08:01:00 Trial 1/3 (worker-1): epoch 120/500, val_acc 0.8123, running 1:00; sweep 0/3 trials done", Assert.Single(Tick(60)));
        progress.Recorded(new TrialRecorded(1, TrialStatus.Completed, 1, 3));
        Assert.Empty(Tick(69));
        Assert.StartsWith("08:01:10 Trial 2/3 (worker-2):", Assert.Single(Tick(70)));
        Assert.Empty(Tick(95));
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void A_retried_trial_moves_to_its_new_worker_and_a_worker_holds_one_trial()
    {
        var clock = new ManualClock();
        var progress = new SweepProgress(ProgressFixtures.Run(), clock);

        progress.Started(new TrialStarted(1, 1, "worker-1", NodeName.Local));
        progress.Started(new TrialStarted(1, 2, "worker-3", "10.0.0.7:41234"));
        progress.Started(new TrialStarted(2, 1, "worker-1", NodeName.Local));

        Assert.Equal(
            [(1, "10.0.0.7:41234/worker-3"), (2, "worker-1")],
            progress.Snapshot().Running.Select(t => (t.TrialId, t.Worker)).OrderBy(t => t.TrialId));
    }

    [Fact]
    public void The_time_left_is_the_time_per_trial_so_far_times_the_trials_left_counting_epochs_of_running_ones()
    {
        var clock = new ManualClock();
        var progress = new SweepProgress(ProgressFixtures.Run(repeats: 2), clock); // 6 trials
        progress.Started(new TrialStarted(1, 1, "worker-1", NodeName.Local));
        progress.Started(new TrialStarted(2, 1, "worker-2", NodeName.Local));
        Assert.Null(progress.Snapshot().Remaining); // nothing done yet: no rate to tell

        clock.At(TimeSpan.FromSeconds(20));
        progress.Recorded(new TrialRecorded(1, TrialStatus.Completed, 1, 6));
        progress.Progressed(ProgressFixtures.Epoch(2, 250, null));

        // 1.5 trials' work in 20 s; 6 - 1 - 0.5 = 4.5 trials left: 60 s.
        var snapshot = progress.Snapshot();
        Assert.Equal(TimeSpan.FromSeconds(60), snapshot.Remaining);
        Assert.Equal((1, 6), (snapshot.Finished, snapshot.Total));
    }
}
