using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using DropoutSweep.Core.Results;
using Xunit;

namespace DropoutSweep.Engine.Tests;

/// <summary>
/// The aggregator and the coordinator hold the sweep's state, so an exception in either ends the sweep at once, with the
/// error, the journal intact and a partial report, instead of a restart that forgets the state and waits forever; and a
/// rerun resumes with nothing lost. The faults are real exceptions in the actors' own code, raised by messages of the
/// sweep's protocol that the actor cannot handle (each would have hung the sweep before).
/// </summary>
public sealed class FailFastSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_fault_in_the_aggregator_ends_the_sweep_with_the_error_and_a_rerun_resumes_with_nothing_lost()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(configurations: 4), parallelism: 2);

        var outcome = await FailMidSweepAsync(run, async sweep =>
        {
            // A result message without its result (as a node of another version could send; the serializer accepts it).
            var aggregator = await sweep.Registry.GetAsync<AggregatorKey>(TestContext.Current.CancellationToken);
            aggregator.Tell(new TrialFinished(null!));
        });

        Assert.Equal("the aggregator actor failed: NullReferenceException: Object reference not set to an instance of an object.", outcome.Error);
        await AssertResumesAsync(run, outcome);
    }

    [Fact]
    public async Task A_fault_in_the_coordinator_ends_the_sweep_with_the_error_and_a_rerun_resumes_with_nothing_lost()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(configurations: 4), parallelism: 2);

        var outcome = await FailMidSweepAsync(run, async sweep =>
        {
            // A result message without its result (as a node of another version could send; the serializer accepts it).
            var coordinator = await sweep.Registry.GetAsync<CoordinatorKey>(TestContext.Current.CancellationToken);
            coordinator.Tell(new TrialFinished(null!));
        });

        Assert.Equal("the coordinator actor failed: NullReferenceException: Object reference not set to an instance of an object.", outcome.Error);
        await AssertResumesAsync(run, outcome);
    }

    // Trials 1 and 2 finish, 3 and 4 are still training when the fault comes; returns the outcome the sweep ended with.
    private async Task<SweepOutcome> FailMidSweepAsync(SweepRun run, Func<LocalSweep, Task> fault)
    {
        var runner = new HoldingRunner(3, 4);
        await using var sweep = await LocalSweep.StartAsync(run, runner);
        await Task.WhenAll(sweep.Recorded(2), runner.AllHeld).WaitAsync(Patience, TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        await fault(sweep);

        // The sweep ends by itself: the host's cue to stop (the executable then exits 1 with the error).
        var outcome = await sweep.Completion.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        output.WriteLine($"the sweep ended {clock.Elapsed.TotalMilliseconds:F0} ms after the fault: {outcome.Error}");
        return outcome;
    }

    private static async Task AssertResumesAsync(SweepRun run, SweepOutcome failed)
    {
        Assert.Equal((false, 4, 2, 2), (failed.Complete, failed.Total, failed.Finished, failed.Completed));
        Assert.Equal([1, 2], TrialJournal.Read(run.OutputDirectory).Results.Select(r => r.TrialId).Order());
        var report = await File.ReadAllTextAsync(Path.Combine(run.OutputDirectory, "report.md"), TestContext.Current.CancellationToken);
        Assert.Contains("**INCOMPLETE**: 2 of 4 trials finished", report, StringComparison.Ordinal);

        var rerunRunner = new FailingTrialRunner();
        var rerun = await LocalSweep.RunAsync(run with { AlreadyDone = TrialJournal.Read(run.OutputDirectory).Results }, rerunRunner);

        Assert.True(rerun.Complete);
        Assert.Equal((4, 4), (rerun.Finished, rerun.Completed));
        Assert.Equal([3, 4], rerunRunner.Runs.Keys.Order()); // only what was missing
        Assert.Equal([1, 2, 3, 4], TrialJournal.Read(run.OutputDirectory).Results.Select(r => r.TrialId).Order());
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run.OutputDirectory, "trials.jsonl")).Length);
    }
}
