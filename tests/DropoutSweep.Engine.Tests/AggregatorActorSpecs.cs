using Akka.Actor;
using Akka.TestKit.Xunit;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine.Actors;
using Xunit;

namespace DropoutSweep.Engine.Tests;

/// <summary>The aggregator: journal before count, duplicates, cancellations, resume, completion and the report.</summary>
public sealed class AggregatorActorSpecs : TestKit
{
    public AggregatorActorSpecs(ITestOutputHelper output)
        : base(TestSweeps.SerializeMessages, output)
    {
    }

    // A generous ceiling for a sweep's end: the final report draws report.html's charts (ScottPlot's first use in the
    // process takes seconds on a loaded machine).
    private static readonly TimeSpan ReportCeiling = TimeSpan.FromSeconds(60);

    private static string JournalPath(SweepRun run) => Path.Combine(run.OutputDirectory, "trials.jsonl");

    private (IActorRef Aggregator, SweepCompletion Completion) Start(SweepRun run)
    {
        var completion = new SweepCompletion();
        return (Sys.ActorOf(AggregatorActor.Props(run, completion)), completion);
    }

    [Fact]
    public void A_result_is_in_the_journal_on_disk_when_the_aggregator_counts_it()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(3), parallelism: 0);
        Sys.EventStream.Subscribe(TestActor, typeof(TrialRecorded));
        var (aggregator, _) = Start(run);

        foreach (var spec in run.Plan.Trials)
        {
            aggregator.Tell(new TrialFinished(TestSweeps.Completed(spec, 0.5)));
            var recorded = ExpectMsg<TrialRecorded>();
            Assert.Equal(spec.TrialId, recorded.TrialId);
            Assert.Equal(spec.TrialId, recorded.Finished);
            Assert.Equal(recorded.Finished, File.ReadAllLines(JournalPath(run)).Length);
        }
    }

    [Fact]
    public async Task A_result_that_cannot_be_journaled_is_not_counted_and_the_sweep_stops_with_the_error()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(2), parallelism: 0);
        Directory.CreateDirectory(JournalPath(run)); // trials.jsonl cannot be opened for appending
        Sys.EventStream.Subscribe(TestActor, typeof(TrialRecorded));
        var (aggregator, completion) = Start(run);

        aggregator.Tell(new TrialFinished(TestSweeps.Completed(run.Plan.Trials[0], 0.5)), TestActor);

        var outcome = await completion.Task.WaitAsync(ReportCeiling, TestContext.Current.CancellationToken);
        Assert.False(outcome.Complete);
        Assert.Equal(0, outcome.Finished);
        Assert.StartsWith($"cannot write {JournalPath(run)}: ", outcome.Error, StringComparison.Ordinal); // one line: the file and the system's message
        ExpectMsg<StopSweep>(); // the sender (the coordinator) is told to stop

        // Nothing else was sent to it (no SweepFinished): the answer to the next message is the next thing it hears.
        aggregator.Tell(new FlushReport("test"), TestActor);
        ExpectMsg<ReportFlushed>(f => f is { Finished: 0, Final: false });
    }

    [Fact]
    public async Task Results_arriving_together_are_each_journaled_once_with_their_curves_and_counted_in_order()
    {
        // A burst reaches the aggregator before its first commit: one fsync covers them all, and each still counts once.
        var plan = TestSweeps.Plan(configurations: 40);
        var run = TestSweeps.Run(plan, parallelism: 0);
        Sys.EventStream.Subscribe(TestActor, typeof(TrialRecorded));
        var (aggregator, completion) = Start(run);
        foreach (var spec in plan.Trials.Reverse())
        {
            var curve = new LearningCurve([new CurvePoint { Epoch = 5, ValidationLoss = spec.TrialId / 100.0 }]);
            aggregator.Tell(new TrialFinished(TestSweeps.Completed(spec, 0.5), curve));
        }

        aggregator.Tell(new TrialFinished(TestSweeps.Completed(plan.Trials[0], 0.9))); // a duplicate inside the burst

        Assert.Equal(Enumerable.Range(1, 40), ReceiveN(40).Cast<TrialRecorded>().Select(r => r.Finished));
        await completion.Task.WaitAsync(ReportCeiling, TestContext.Current.CancellationToken);
        Assert.Equal(40, File.ReadAllLines(JournalPath(run)).Length);
        var curves = File.ReadAllLines(Path.Combine(run.OutputDirectory, "curves.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)), curves.Select(cells => cells[0]));
        Assert.Equal(0.07, double.Parse(curves[6][7], System.Globalization.CultureInfo.InvariantCulture)); // trial 7's val_loss
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_ends_the_sweep_with_the_error_and_keeps_the_journal()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(1), parallelism: 0);
        Directory.CreateDirectory(Path.Combine(run.OutputDirectory, "results.csv")); // the report cannot replace it
        var (aggregator, completion) = Start(run);

        aggregator.Tell(new TrialFinished(TestSweeps.Completed(run.Plan.Trials[0], 0.5)), TestActor);

        var outcome = await completion.Task.WaitAsync(ReportCeiling, TestContext.Current.CancellationToken);
        Assert.False(outcome.Complete);
        Assert.StartsWith($"cannot write {Path.Combine(run.OutputDirectory, "results.csv")}: ", outcome.Error, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(JournalPath(run)));
    }

    [Fact]
    public void A_late_duplicate_result_is_ignored_and_logged()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(2), parallelism: 0);
        var (aggregator, _) = Start(run);
        var spec = run.Plan.Trials[0];
        aggregator.Tell(new TrialFinished(TestSweeps.Completed(spec, 0.5)));

        EventFilter.Warning(contains: "duplicate result for trial 1").ExpectOne(
            () => aggregator.Tell(new TrialFinished(TestSweeps.Completed(spec, 0.9, node: "10.0.0.2:4053"))));

        Assert.Single(File.ReadAllLines(JournalPath(run)));
    }

    [Fact]
    public void A_trial_cancelled_by_shutdown_stays_out_of_the_journal_so_a_resumed_sweep_runs_it_again()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(2), parallelism: 0);
        Sys.EventStream.Subscribe(TestActor, typeof(TrialRecorded));
        var (aggregator, _) = Start(run);
        var cancelled = TestSweeps.Completed(run.Plan.Trials[0], double.NaN) with { Status = TrialStatus.Cancelled, Reason = "shutdown" };

        aggregator.Tell(new TrialFinished(cancelled));
        aggregator.Tell(new TrialFinished(TestSweeps.Completed(run.Plan.Trials[1], 0.5)));

        Assert.Equal(2, ExpectMsg<TrialRecorded>().TrialId);
        Assert.Single(File.ReadAllLines(JournalPath(run)));
    }

    [Fact]
    public async Task Completion_writes_the_report_in_ranking_order_and_completes_the_sweep()
    {
        var plan = TestSweeps.Plan(configurations: 3, repeats: 2);
        var run = TestSweeps.Run(plan, parallelism: 0);
        var (aggregator, completion) = Start(run);
        double[] accuracy = [0.70, 0.72, 0.90, 0.88, 0.80, 0.80]; // config means: 0.71, 0.89, 0.80
        foreach (var spec in plan.Trials)
        {
            aggregator.Tell(new TrialFinished(TestSweeps.Completed(spec, accuracy[spec.TrialId - 1])));
        }

        var outcome = await completion.Task.WaitAsync(ReportCeiling, TestContext.Current.CancellationToken);

        Assert.Equal(new SweepOutcome(true, 6, 6, 6, 0, 0, 0, 0), outcome);
        var rows = File.ReadAllLines(Path.Combine(run.OutputDirectory, "results.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["3", "4", "5", "6", "1", "2"], rows.Select(r => r[1]));
        Assert.Equal(["1", "1", "2", "2", "3", "3"], rows.Select(r => r[0]));
    }

    [Fact]
    public void The_final_table_shows_the_top_ten_configurations_and_says_so()
    {
        var plan = TestSweeps.Plan(configurations: 12);
        var run = TestSweeps.Run(plan, parallelism: 0);
        var (aggregator, _) = Start(run);

        EventFilter.Info(contains: "(the top 10 of 12 configurations; all of them are in results.csv)").ExpectOne(ReportCeiling, () =>
        {
            foreach (var spec in plan.Trials)
            {
                aggregator.Tell(new TrialFinished(TestSweeps.Completed(spec, 0.5 + (spec.TrialId / 100.0))));
            }
        });
    }

    [Fact]
    public void With_repeats_the_final_table_shows_each_mean_with_its_95_percent_interval_and_the_tie_with_the_best()
    {
        // Configuration 2's repeats are 0.90 and 0.88: mean 0.89, s = 0.014142, and the Student-t interval
        // 0.89 ± t(0.975, 1)·s/√2 = 0.89 ± 12.7062·0.01 = 0.7629–1.0171 (t(0.975, 1) = 12.7062 from a t table).
        var plan = TestSweeps.Plan(configurations: 3, repeats: 2);
        var run = TestSweeps.Run(plan, parallelism: 0);
        var (aggregator, _) = Start(run);
        double[] accuracy = [0.70, 0.72, 0.90, 0.88, 0.80, 0.80];

        EventFilter.Info(contains: "0.8900  0.7629–1.0171").ExpectOne(ReportCeiling, () =>
        {
            foreach (var spec in plan.Trials)
            {
                aggregator.Tell(new TrialFinished(TestSweeps.Completed(spec, accuracy[spec.TrialId - 1])));
            }
        });
    }

    [Fact]
    public async Task Results_already_done_count_from_the_start_and_the_log_says_so()
    {
        var plan = TestSweeps.Plan(3);
        var done = plan.Trials.Take(2).Select(s => TestSweeps.Completed(s, 0.6)).ToList();
        var run = TestSweeps.Run(plan, parallelism: 0, alreadyDone: done);

        var (aggregator, completion) = EventFilter.Info("Resuming: 2 of 3 trials already done").ExpectOne(() => Start(run));
        aggregator.Tell(new TrialFinished(TestSweeps.Completed(plan.Trials[2], 0.7)));

        var outcome = await completion.Task.WaitAsync(ReportCeiling, TestContext.Current.CancellationToken);
        Assert.True(outcome.Complete);
        Assert.Equal(3, outcome.Finished);
        Assert.Single(File.ReadAllLines(JournalPath(run))); // earlier results are not journaled twice
    }

    [Fact]
    public async Task A_flush_before_the_end_writes_a_partial_report_and_completes_the_sweep_as_incomplete()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(3), parallelism: 0);
        var (aggregator, completion) = Start(run);
        aggregator.Tell(new TrialFinished(TestSweeps.Completed(run.Plan.Trials[0], 0.6)));

        aggregator.Tell(new FlushReport("test"), TestActor);

        ExpectMsg<ReportFlushed>(f => f is { Finished: 1, Total: 3, Final: false });
        var outcome = await completion.Task.WaitAsync(ReportCeiling, TestContext.Current.CancellationToken);
        Assert.False(outcome.Complete);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run.OutputDirectory, "results.csv")).Length);
    }

    [Fact]
    public async Task A_flush_after_the_final_report_leaves_it_alone()
    {
        var run = TestSweeps.Run(TestSweeps.Plan(1), parallelism: 0);
        var (aggregator, completion) = Start(run);
        aggregator.Tell(new TrialFinished(TestSweeps.Completed(run.Plan.Trials[0], 0.6)));
        await completion.Task.WaitAsync(ReportCeiling, TestContext.Current.CancellationToken);
        ExpectMsg<SweepFinished>(f => f.Total == 1); // the coordinator (here: the sender) releases its workers on it

        aggregator.Tell(new FlushReport("shutdown"), TestActor);

        ExpectMsg<ReportFlushed>(f => f.Final);
    }
}
