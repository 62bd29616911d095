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
        var worker = Worker(progressEvery: 100);
        ExpectMsg<RequestTrial>();
        var spec = TestSweeps.Spec(1) with { Training = TestSweeps.Training(epochs: 1_000_000) };
        worker.Tell(new RunTrial(spec, 1));
        ExpectMsg<TrialStarted>();
        ExpectMsg<TrialProgressed>();

        worker.Tell(new CancelTrial(1, TrialStatus.TimedOut, "exceeded the trial timeout"));

        var result = FishForMessage<TrialFinished>(_ => true, TimeSpan.FromSeconds(5)).Result;
        Assert.Equal(TrialStatus.TimedOut, result.Status);
        Assert.Equal("exceeded the trial timeout", result.Reason);
        Assert.True(result.EpochsRun < 1_000_000);
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
    public void A_stopped_worker_cancels_its_running_trial()
    {
        var runner = new FailingTrialRunner();
        var worker = Worker(runner, progressEvery: 100);
        ExpectMsg<RequestTrial>();
        worker.Tell(new RunTrial(TestSweeps.Spec(1) with { Training = TestSweeps.Training(epochs: 1_000_000) }, 1));
        ExpectMsg<TrialStarted>();
        ExpectMsg<TrialProgressed>();

        var watcher = CreateTestProbe();
        watcher.Watch(worker);
        Sys.Stop(worker);
        watcher.ExpectTerminated(worker);

        // Progress arrives every few milliseconds while the trial runs; once the training thread has seen the
        // cancellation it stops for good (allow a busy machine a few seconds to get there).
        ReceiveWhile<object>(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300), o => o, int.MaxValue);
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }
}
