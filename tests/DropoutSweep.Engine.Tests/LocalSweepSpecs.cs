using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using Xunit;

namespace DropoutSweep.Engine.Tests;

/// <summary>Whole local sweeps through the real wiring: failure policy, determinism, resume and interruption.</summary>
public sealed class LocalSweepSpecs
{
    [Fact]
    public async Task A_throwing_trial_a_diverging_trial_and_a_slow_trial_end_as_failed_diverged_and_timed_out_and_the_sweep_completes()
    {
        // Trial 2 throws on every attempt; config 3 (trial 4) has learning rate 1e6 (SGD: Adam's bounded steps stay finite for a while); config 4 (trial 5) trains far past the timeout.
        var plan = TestSweeps.Plan(configurations: 5, epochs: 5, maxAttempts: 2, trialTimeout: TimeSpan.FromSeconds(2), adjust: (config, training) => config switch
        {
            3 => training with { LearningRate = 1e6, Optimizer = OptimizerKind.Sgd, Epochs = 50 },
            4 => training with { Epochs = 50_000_000 },
            _ => training,
        });
        var run = TestSweeps.Run(plan, parallelism: 2);
        var runner = new FailingTrialRunner(failingTrialId: 2, failures: int.MaxValue);

        var outcome = await LocalSweep.RunAsync(run, runner);

        Assert.True(outcome.Complete);
        Assert.Equal((5, 2, 1, 1, 1), (outcome.Finished, outcome.Completed, outcome.Failed, outcome.Diverged, outcome.TimedOut));
        Assert.Equal(2, runner.Runs[2]); // retried once, then recorded Failed
        Assert.Equal(1, runner.Runs[4]); // a divergence is a result, never retried
        var status = ReportRows.Read(run.OutputDirectory).ToDictionary(r => r.TrialId, r => r.Status);
        Assert.Equal(["Completed", "Failed", "Completed", "Diverged", "TimedOut"], Enumerable.Range(1, 5).Select(id => status[id]));

        // A divergence says what became non-finite and when (it used to be reported as "—").
        var diverged = TrialJournal.Read(run.OutputDirectory).Results.Single(r => r.TrialId == 4);
        var reason = Assert.IsType<string>(diverged.Reason);
        Assert.Matches("^(training data loss|regularisation loss|validation loss|training loss in evaluation mode) became (NaN|-?Infinity) at epoch [0-9]+$", reason);
        var epoch = int.Parse(reason[(reason.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(epoch, diverged.EpochsRun, diverged.EpochsRun + 1);
    }

    [Fact]
    public async Task A_trial_that_throws_once_succeeds_on_its_retry()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(configurations: 3), parallelism: 1);
        var runner = new FailingTrialRunner(failingTrialId: 2, failures: 1);

        var outcome = await LocalSweep.RunAsync(run, runner);

        Assert.Equal((3, 3), (outcome.Finished, outcome.Completed));
        Assert.Equal(2, runner.Runs[2]);
    }

    [Fact]
    public async Task The_same_sweep_at_parallelism_1_and_2_gives_bit_identical_metrics_and_the_same_ranking()
    {
        var plan = TestSweeps.Plan(configurations: 4, repeats: 2, epochs: 8);

        var one = TestSweeps.Run(plan, parallelism: 1);
        var two = TestSweeps.Run(plan, parallelism: 2);
        await LocalSweep.RunAsync(one);
        await LocalSweep.RunAsync(two);

        var serial = ReportRows.Read(one.OutputDirectory);
        var parallel = ReportRows.Read(two.OutputDirectory);
        Assert.Equal(8, serial.Count);
        Assert.Equal(serial, parallel); // rank, trial, status and the metrics, compared as exact doubles
        Assert.Equal(
            File.ReadAllText(Path.Combine(one.OutputDirectory, "curves.csv")),
            File.ReadAllText(Path.Combine(two.OutputDirectory, "curves.csv"))); // every evaluation of every trial, in trial order
        Assert.Equal(1 + (8 * 8), File.ReadAllLines(Path.Combine(one.OutputDirectory, "curves.csv")).Length); // EvaluateEvery 1, 8 epochs
    }

    [Fact]
    public async Task A_resumed_sweep_trains_only_the_trials_not_already_done()
    {
        var plan = TestSweeps.Plan(configurations: 5);
        var first = TestSweeps.Run(plan, parallelism: 2);
        await LocalSweep.RunAsync(first);
        var done = ReportRows.Read(first.OutputDirectory).Where(r => r.TrialId <= 3)
            .Select(r => TestSweeps.Completed(plan.Trials[r.TrialId - 1], r.ValidationAccuracy, r.ValidationLoss)).ToList();
        var runner = new FailingTrialRunner();

        var outcome = await LocalSweep.RunAsync(TestSweeps.Run(plan, parallelism: 2, alreadyDone: done), runner);

        Assert.Equal((5, 5), (outcome.Total, outcome.Finished));
        Assert.Equal([4, 5], runner.Runs.Keys.Order());
    }

    [Fact]
    public async Task Stopping_the_host_mid_sweep_cancels_running_trials_and_writes_a_partial_report()
    {
        var plan = TestSweeps.Plan(configurations: 4, epochs: 50_000_000);
        var run = TestSweeps.Run(plan, parallelism: 2);
        var runner = new FailingTrialRunner();

        var outcome = await LocalSweep.RunAsync(run, runner, meanwhile: _ => runner.StartedAsync(starts: 2, ceiling: TimeSpan.FromSeconds(60)));

        Assert.False(outcome.Complete);
        Assert.Equal(0, outcome.Finished);
        Assert.Equal(2, runner.Runs.Count); // nothing new started after the stop
        Assert.True(File.Exists(Path.Combine(run.OutputDirectory, "results.csv")));
        Assert.False(File.Exists(Path.Combine(run.OutputDirectory, "trials.jsonl"))); // cancelled trials are not journaled
    }
}
