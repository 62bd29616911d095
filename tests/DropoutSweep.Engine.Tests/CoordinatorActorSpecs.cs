using Akka.Actor;
using Akka.TestKit.Xunit;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine.Actors;
using Xunit;

namespace DropoutSweep.Engine.Tests;

/// <summary>The coordinator's side of the pull protocol, with test probes standing in for the workers.</summary>
public sealed class CoordinatorActorSpecs : TestKit
{
    public CoordinatorActorSpecs(ITestOutputHelper output)
        : base(TestSweeps.SerializeMessages, output)
    {
    }

    private IActorRef Coordinator(int trials, int maxAttempts = 2, TimeSpan? timeout = null, IActorRef? aggregator = null) =>
        Sys.ActorOf(CoordinatorActor.Props(
            Enumerable.Range(1, trials).Select(TestSweeps.Spec).ToList(),
            aggregator ?? CreateTestProbe().Ref,
            new CoordinatorSettings { MaxAttempts = maxAttempts, TrialTimeout = timeout, PollInterval = TimeSpan.FromMilliseconds(50) }));

    [Fact]
    public void Idle_workers_pull_one_trial_each_in_plan_order_and_hear_no_trial_when_the_queue_is_empty()
    {
        var coordinator = Coordinator(trials: 2);
        var w1 = CreateTestProbe();
        var w2 = CreateTestProbe();
        var w3 = CreateTestProbe();

        coordinator.Tell(new RequestTrial("w1"), w1.Ref);
        w1.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1 && r.Attempt == 1);
        coordinator.Tell(new RequestTrial("w2"), w2.Ref);
        w2.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 2);
        coordinator.Tell(new RequestTrial("w3"), w3.Ref);
        w3.ExpectMsg<NoTrialAvailable>(n => n.RetryAfter == TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Results_go_to_the_aggregator_and_a_finished_trial_is_not_handed_out_again()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 1, aggregator: aggregator.Ref);
        var worker = CreateTestProbe();

        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        var spec = worker.ExpectMsg<RunTrial>().Spec;
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(spec, 0.9)), worker.Ref);
        aggregator.ExpectMsg<TrialFinished>(f => f.Result.TrialId == spec.TrialId && f.Result.Status == TrialStatus.Completed);

        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        worker.ExpectMsg<NoTrialAvailable>();
    }

    [Fact]
    public void Trial_of_a_dead_worker_is_requeued_and_given_to_the_next_worker()
    {
        var coordinator = Coordinator(trials: 1);
        var w1 = CreateTestProbe();
        var w2 = CreateTestProbe();
        coordinator.Tell(new RequestTrial("w1"), w1.Ref);
        w1.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1);
        coordinator.Tell(new RequestTrial("w2"), w2.Ref);
        w2.ExpectMsg<NoTrialAvailable>();

        EventFilter.Warning(start: "Re-queueing trial 1").ExpectOne(() => Sys.Stop(w1.Ref));

        // The idle worker gets the re-queued trial when it asks again; losing a worker does not consume an attempt.
        coordinator.Tell(new RequestTrial("w2"), w2.Ref);
        w2.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1 && r.Attempt == 1);
    }

    [Fact]
    public void A_crashed_trial_is_retried_up_to_max_attempts_then_recorded_failed_with_its_reason()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 1, maxAttempts: 2, aggregator: aggregator.Ref);
        var worker = CreateTestProbe();

        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        worker.ExpectMsg<RunTrial>(r => r.Attempt == 1);
        coordinator.Tell(new TrialCrashed(1, 1, "InvalidOperationException: boom", "w1", "local"), worker.Ref);
        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        worker.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1 && r.Attempt == 2);
        coordinator.Tell(new TrialCrashed(1, 2, "InvalidOperationException: boom again", "w1", "local"), worker.Ref);

        var failed = aggregator.ExpectMsg<TrialFinished>().Result;
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.Equal("InvalidOperationException: boom again", failed.Reason);
        Assert.Equal(2, failed.Attempts);
        Assert.True(double.IsNaN(failed.ValidationAccuracy));
        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        worker.ExpectMsg<NoTrialAvailable>();
    }

    [Fact]
    public void A_trial_that_crashes_while_the_sweep_stops_is_not_recorded_failed()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 2, maxAttempts: 1, aggregator: aggregator.Ref);
        var (w1, w2) = (CreateTestProbe(), CreateTestProbe());
        coordinator.Tell(new RequestTrial("w1"), w1.Ref);
        w1.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1);
        coordinator.Tell(new RequestTrial("w2"), w2.Ref);
        w2.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 2);

        coordinator.Tell(new StopSweep("test"), TestActor);
        ExpectMsg<SweepStopped>();
        coordinator.Tell(new TrialCrashed(1, 1, "ObjectDisposedException: stopped", "w1", "local"), w1.Ref);
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(2), 0.5)), w2.Ref);

        // Handled in that order: had the crash been recorded Failed, the aggregator would hear it first.
        aggregator.ExpectMsg<TrialFinished>(f => f.Result.TrialId == 2);
    }

    [Fact]
    public void A_trial_its_worker_returns_cancelled_while_the_sweep_goes_on_is_handed_out_again()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 1, aggregator: aggregator.Ref);
        var worker = CreateTestProbe();
        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        worker.ExpectMsg<RunTrial>();

        coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(1), 0.5) with { Status = TrialStatus.Cancelled }), worker.Ref);
        coordinator.Tell(new RequestTrial("w1"), worker.Ref);

        worker.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1);
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(1), 0.5)), worker.Ref);
        aggregator.ExpectMsg<TrialFinished>(f => f.Result.Status == TrialStatus.Completed); // the cancellation never reached it
    }

    [Fact]
    public void A_trial_past_its_timeout_is_cancelled_as_timed_out()
    {
        var coordinator = Coordinator(trials: 1, timeout: TimeSpan.FromMilliseconds(100));
        var worker = CreateTestProbe();

        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        worker.ExpectMsg<RunTrial>();
        worker.ExpectMsg<CancelTrial>(c => c.TrialId == 1 && c.Status == TrialStatus.TimedOut && c.Reason.Contains("timeout"), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Stopping_the_sweep_cancels_running_trials_and_hands_out_no_more()
    {
        var coordinator = Coordinator(trials: 3);
        var worker = CreateTestProbe();
        var other = CreateTestProbe();
        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        worker.ExpectMsg<RunTrial>();

        coordinator.Tell(new StopSweep("test"), TestActor);

        ExpectMsg<SweepStopped>(s => s.CancelledTrials == 1);
        worker.ExpectMsg<CancelTrial>(c => c.TrialId == 1 && c.Status == TrialStatus.Cancelled);
        coordinator.Tell(new RequestTrial("w2"), other.Ref);
        other.ExpectMsg<NoTrialAvailable>();
    }

    [Fact]
    public void When_the_sweep_has_finished_every_known_worker_is_released()
    {
        var coordinator = Coordinator(trials: 0);
        var worker = CreateTestProbe();
        coordinator.Tell(new RequestTrial("w1"), worker.Ref);
        worker.ExpectMsg<NoTrialAvailable>();

        coordinator.Tell(new SweepFinished(0));

        worker.ExpectMsg<SweepFinished>();
    }

    [Fact]
    public void A_result_for_a_trial_never_given_to_its_sender_is_dropped_and_logged_with_the_senders_address()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 2, aggregator: aggregator.Ref);
        var (holder, stranger) = (CreateTestProbe(), CreateTestProbe());
        coordinator.Tell(new RequestTrial("holder"), holder.Ref);
        holder.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1);

        // An injected result: trial 1 is the holder's, trial 2 was never handed out; the stranger holds neither.
        EventFilter.Warning(contains: $"from {stranger.Ref.Path}").Expect(2, () =>
        {
            coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(1), 0.99)), stranger.Ref);
            coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(2), 0.99)), stranger.Ref);
        });
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(1), 0.5)), holder.Ref);

        // In order: the aggregator's first message is the holder's result, and trial 2 is still to be handed out.
        aggregator.ExpectMsg<TrialFinished>(f => f.Result.TrialId == 1 && f.Result.ValidationAccuracy == 0.5);
        coordinator.Tell(new RequestTrial("stranger"), stranger.Ref);
        stranger.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 2);
    }

    [Fact]
    public void A_result_from_a_worker_that_holds_another_trial_is_dropped()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 2, aggregator: aggregator.Ref);
        var (w1, w2) = (CreateTestProbe(), CreateTestProbe());
        coordinator.Tell(new RequestTrial("w1"), w1.Ref);
        w1.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1);
        coordinator.Tell(new RequestTrial("w2"), w2.Ref);
        w2.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 2);

        EventFilter.Warning(contains: $"trial 2 (Completed) from {w1.Ref.Path}").ExpectOne(
            () => coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(2), 0.99)), w1.Ref));
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(2), 0.5)), w2.Ref);

        aggregator.ExpectMsg<TrialFinished>(f => f.Result.TrialId == 2 && f.Result.ValidationAccuracy == 0.5);
    }

    [Fact]
    public void Progress_is_forwarded_only_from_the_worker_that_holds_the_trial()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 1, aggregator: aggregator.Ref);
        var (holder, stranger) = (CreateTestProbe(), CreateTestProbe());
        coordinator.Tell(new RequestTrial("holder"), holder.Ref);
        holder.ExpectMsg<RunTrial>();
        var progress = new Core.Nn.TrainingProgress(2, 5, 1.0, 0.4, null, null);

        coordinator.Tell(new TrialStarted(1, 1, "stranger", "elsewhere"), stranger.Ref);
        coordinator.Tell(new TrialProgressed(1, progress with { Epoch = 4 }), stranger.Ref);
        coordinator.Tell(new TrialProgressed(1, progress), holder.Ref);

        aggregator.ExpectMsg<TrialProgressed>(p => p.Progress.Epoch == 2);
    }

    [Fact]
    public void A_late_result_from_a_worker_presumed_dead_finishes_the_trial_and_cancels_the_copy_handed_out_again()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 2, aggregator: aggregator.Ref);
        var (presumedDead, copy) = (CreateTestProbe(), CreateTestProbe());
        coordinator.Tell(new RequestTrial("first"), presumedDead.Ref);
        presumedDead.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1);

        // Death watch presumes it dead (a node cut off and removed from the cluster): trial 1 goes to another worker.
        EventFilter.Warning(start: "Re-queueing trial 1").ExpectOne(() => Sys.Stop(presumedDead.Ref));
        coordinator.Tell(new RequestTrial("copy"), copy.Ref);
        copy.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 1);

        // Its late result arrives after all: it counts, and the copy is cancelled.
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(1), 0.7)), presumedDead.Ref);

        aggregator.ExpectMsg<TrialFinished>(f => f.Result.TrialId == 1 && f.Result.ValidationAccuracy == 0.7);
        copy.ExpectMsg<CancelTrial>(c => c.TrialId == 1 && c.Status == TrialStatus.Cancelled && c.Reason.Contains(presumedDead.Ref.Path.ToString(), StringComparison.Ordinal));

        // The copy's own answer (cancelled, or done just before it heard) is dropped: the trial is recorded once, and
        // the next thing the aggregator hears is the copy's next trial.
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(1), 0.8)), copy.Ref);
        coordinator.Tell(new RequestTrial("copy"), copy.Ref);
        copy.ExpectMsg<RunTrial>(r => r.Spec.TrialId == 2);
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(2), 0.5)), copy.Ref);
        aggregator.ExpectMsg<TrialFinished>(f => f.Result.TrialId == 2);
    }

    [Fact]
    public void A_late_result_from_a_terminated_worker_finishes_a_trial_still_in_the_queue()
    {
        var aggregator = CreateTestProbe();
        var coordinator = Coordinator(trials: 1, aggregator: aggregator.Ref);
        var (dead, other) = (CreateTestProbe(), CreateTestProbe());
        coordinator.Tell(new RequestTrial("dead"), dead.Ref);
        var spec = dead.ExpectMsg<RunTrial>().Spec;

        // Death watch says it died (a node removed from the cluster); its result was already on the wire.
        EventFilter.Warning(start: "Re-queueing trial 1").ExpectOne(() => Sys.Stop(dead.Ref));
        coordinator.Tell(new TrialFinished(TestSweeps.Completed(spec, 0.6)), dead.Ref);

        aggregator.ExpectMsg<TrialFinished>(f => f.Result.TrialId == 1);
        coordinator.Tell(new RequestTrial("other"), other.Ref);
        other.ExpectMsg<NoTrialAvailable>(); // not handed out again
    }
}
