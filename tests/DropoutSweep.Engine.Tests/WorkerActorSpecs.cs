using Akka.Actor;
using Akka.TestKit.Xunit;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine.Actors;
using Xunit;

namespace DropoutSweep.Engine.Tests;

/// <summary>The worker's side of the pull protocol, training for real on a tiny data set; the test actor is the coordinator.</summary>
public sealed class WorkerActorSpecs : TestKit
{
    public WorkerActorSpecs(ITestOutputHelper output)
        : base(TestSweeps.SerializeMessages, output)
    {
    }

    private IActorRef Worker(ITrialRunner? runner = null, int progressEvery = 2) =>
        Sys.ActorOf(WorkerActor.Props(TestSweeps.Blobs(), runner ?? new TrainerTrialRunner(), progressEvery, TestActor), "worker");

    [Fact]
    public void An_idle_worker_pulls_trains_reports_progress_and_the_result_then_pulls_again()
    {
        var worker = Worker();
        ExpectMsg<RequestTrial>(r => r.Worker == "worker");
        var spec = TestSweeps.Spec(3) with { Training = TestSweeps.Training(epochs: 4) };

        worker.Tell(new RunTrial(spec, 1));

        ExpectMsg<TrialStarted>(s => s.TrialId == 3 && s.Node == NodeName.Local);
        ExpectMsg<TrialProgressed>(p => p.TrialId == 3 && p.Progress.Epoch == 2 && p.Progress.Epochs == 4);
        ExpectMsg<TrialProgressed>(p => p.Progress.Epoch == 4);
        var result = ExpectMsg<TrialFinished>(TimeSpan.FromSeconds(10)).Result;
        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.Equal((3, spec.Seed, 4, "local"), (result.TrialId, result.Seed, result.EpochsRun, result.Node));
        Assert.InRange(result.ValidationAccuracy, 0, 1);
        ExpectMsg<RequestTrial>();
    }

    [Fact]
    public void A_progress_interval_holds_back_snapshots_that_come_sooner_than_it()
    {
        // Every epoch may report (progressEvery 1), but not before an hour has passed since the trial began (or since the last).
        var worker = Sys.ActorOf(WorkerActor.Props(TestSweeps.Blobs(), new TrainerTrialRunner(), 1, TestActor, TimeSpan.FromHours(1)), "worker");
        ExpectMsg<RequestTrial>();

        worker.Tell(new RunTrial(TestSweeps.Spec(1) with { Training = TestSweeps.Training(epochs: 20) }, 1));

        ExpectMsg<TrialStarted>();
        var result = ExpectMsg<TrialFinished>(TimeSpan.FromSeconds(10)).Result; // no TrialProgressed in between
        Assert.Equal(20, result.EpochsRun);
        ExpectMsg<RequestTrial>();
    }

    [Fact]
    public void A_worker_told_there_is_no_trial_asks_again_later()
    {
        var worker = Worker();
        ExpectMsg<RequestTrial>();

        worker.Tell(new NoTrialAvailable(TimeSpan.FromMilliseconds(100)));

        ExpectMsg<RequestTrial>(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_cancelled_trial_stops_within_an_epoch_and_reports_the_status_the_coordinator_gave()
    {
        var worker = Worker(new PausingTrialRunner(pauseAt: 3));
        ExpectMsg<RequestTrial>();
        var spec = TestSweeps.Spec(1) with { Training = TestSweeps.Training(epochs: 1_000_000) };
        worker.Tell(new RunTrial(spec, 1));
        ExpectMsg<TrialStarted>();
        FishForMessage<TrialProgressed>(p => p.Progress.Epoch == 3, TimeSpan.FromSeconds(30));

        // The trainer is between epochs 3 and 4 when the cancellation comes: it must not finish epoch 4.
        worker.Tell(new CancelTrial(1, TrialStatus.TimedOut, "exceeded the trial timeout"));

        var result = FishForMessage<TrialFinished>(_ => true, TimeSpan.FromSeconds(30)).Result;
        Assert.Equal(TrialStatus.TimedOut, result.Status);
        Assert.Equal("exceeded the trial timeout", result.Reason);
        Assert.Equal(3, result.EpochsRun);
    }

    [Fact]
    public void A_trial_that_throws_is_reported_with_its_reason_and_the_worker_restarts_fresh_and_asks_again()
    {
        var worker = Worker(new FailingTrialRunner(failingTrialId: 5, failures: 1));
        ExpectMsg<RequestTrial>();

        worker.Tell(new RunTrial(TestSweeps.Spec(5), 1));

        ExpectMsg<TrialStarted>();
        var crash = ExpectMsg<TrialCrashed>(TimeSpan.FromSeconds(5));
        Assert.Equal((5, 1), (crash.TrialId, crash.Attempt));
        Assert.Equal("InvalidOperationException: injected failure 1 of trial 5", crash.Reason);
        ExpectMsg<RequestTrial>(); // PreStart of the restarted instance
    }

    [Fact]
    public async Task A_stopped_worker_cancels_its_running_trial()
    {
        var runner = new PausingTrialRunner(pauseAt: 2);
        var worker = Worker(runner);
        ExpectMsg<RequestTrial>();
        worker.Tell(new RunTrial(TestSweeps.Spec(1) with { Training = TestSweeps.Training(epochs: 1_000_000) }, 1));
        FishForMessage<TrialProgressed>(p => p.Progress.Epoch == 2, TimeSpan.FromSeconds(30));

        Sys.Stop(worker);

        // The training thread hands back a cancelled trial at the epoch it had reached: it stopped, not trained on.
        var returned = await runner.Returned.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal((TrialStatus.Cancelled, 2), (returned.Status, returned.EpochsRun));
    }
}
