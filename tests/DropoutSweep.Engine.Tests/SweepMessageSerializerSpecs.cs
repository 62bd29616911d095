using Akka.Actor;
using Akka.Configuration;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Engine.Cluster;
using Xunit;

namespace DropoutSweep.Engine.Tests;

/// <summary>The wire format of the sweep's messages: exact round trips, defaults that differ from the type's default included.</summary>
public sealed class SweepMessageSerializerSpecs : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-specs", ConfigurationFactory.Empty);
    private readonly SweepMessageSerializer _serializer;

    public SweepMessageSerializerSpecs()
    {
        _serializer = new SweepMessageSerializer((ExtendedActorSystem)_system);
    }

    [Fact]
    public void Zero_dropout_and_zero_L2_arrive_as_zero_although_the_options_default_to_other_values()
    {
        // Akka's default JSON serializer omits zeros, and the receiver then saw TrainingOptions' defaults (0.1, 5e-4).
        var training = new TrainingOptions { DropoutRate = 0, L2 = 0, Decay = 0, Hidden = [64, 32], Epochs = 7 };
        var message = new RunTrial(TestSweeps.Spec(3) with { Training = training, Seed = ulong.MaxValue - 5 }, 2);

        var back = (RunTrial)RoundTrip(message);

        Assert.Equal((0.0, 0.0, 0.0), (back.Spec.Training.DropoutRate, back.Spec.Training.L2, back.Spec.Training.Decay));
        Assert.Equal([64, 32], back.Spec.Training.Hidden);
        Assert.Equal((ulong.MaxValue - 5, 7, 2), (back.Spec.Seed, back.Spec.Training.Epochs, back.Attempt));
        Assert.Equal(message.Spec.Training with { Hidden = back.Spec.Training.Hidden }, back.Spec.Training);
    }

    [Fact]
    public void A_paused_trial_and_the_work_that_continues_it_round_trip_with_their_checkpoint_bytes_and_curve()
    {
        // A real checkpoint (a trainer's, as bytes) with the trial's result at rung 2 and its curve so far.
        var data = TestSweeps.Blobs();
        var spec = TestSweeps.Spec(5);
        var paused = Trainer.Train(data, spec.Training with { Epochs = 4 }, spec.Seed, new TrainingSegment(2));
        var result = TestSweeps.Completed(spec, 0.75) with { Rung = 2, EpochsRun = 2, StoppedEarly = false };
        var checkpoint = new Core.Scheduling.TrialCheckpoint(spec.TrialId, 2, result, paused.Checkpoint!.ToBytes()) { Curve = paused.Curve };

        var reached = (TrialReachedRung)RoundTrip(new TrialReachedRung(checkpoint));
        var run = (RunTrial)RoundTrip(new RunTrial(spec, 1) { Rung = 3, StopAfterEpoch = 4, From = checkpoint });

        Assert.Equal((checkpoint.TrialId, checkpoint.Rung, checkpoint.Result, checkpoint.Curve), (reached.Checkpoint.TrialId, reached.Checkpoint.Rung, reached.Checkpoint.Result, reached.Checkpoint.Curve));
        Assert.Equal(checkpoint.State, reached.Checkpoint.State);
        Assert.Equal((3, 4), (run.Rung!.Value, run.StopAfterEpoch!.Value));
        Assert.Equal(checkpoint.State, run.From!.State);
        Assert.Equal(2, TrainingCheckpoint.FromBytes(run.From.State).Epoch);
    }

    [Fact]
    public void A_rung_decision_and_the_workers_time_round_trip()
    {
        var decision = new Core.Scheduling.RungDecision(1, 2, 3, 5, 450, [new(1, 7, 0.25, true, true), new(2, 3, double.NaN, false, false)], Replayed: true);

        var back = ((RungDecided)RoundTrip(new RungDecided(decision))).Decision;
        var time = (WorkerTimeMeasured)RoundTrip(new WorkerTimeMeasured(2, 10.5, 0.25));

        Assert.Equal((decision.Bracket, decision.Brackets, decision.Rung, decision.Rungs, decision.Epochs, decision.Replayed), (back.Bracket, back.Brackets, back.Rung, back.Rungs, back.Epochs, back.Replayed));
        Assert.Equal(decision.Standings, back.Standings);
        Assert.Equal(new WorkerTimeMeasured(2, 10.5, 0.25), time);
    }

    [Fact]
    public void A_result_round_trips_bit_for_bit_with_NaN_metrics_and_its_node()
    {
        var result = TestSweeps.Completed(TestSweeps.Spec(4), accuracy: 0.1 + 0.2, loss: 1.0 / 3.0, node: "10.0.0.7:4053") with { TrainLoss = double.NaN, Reason = "x" };

        var back = ((TrialFinished)RoundTrip(new TrialFinished(result))).Result;

        Assert.Equal(result, back);
        Assert.Equal(BitConverter.DoubleToInt64Bits(result.ValidationAccuracy), BitConverter.DoubleToInt64Bits(back.ValidationAccuracy));
    }

    [Fact]
    public void A_learning_curve_travels_with_its_result_exactly()
    {
        var curve = new LearningCurve([
            new CurvePoint { Epoch = 10, TrainDataLoss = 1.0 / 3.0, RegularizationLoss = 1e-300, TrainEvalAccuracy = 0.5, TrainEvalLoss = 0.1 + 0.2, ValidationAccuracy = double.NaN, ValidationLoss = double.PositiveInfinity, LearningRate = 0.05 / 1.0005 },
            new CurvePoint { Epoch = 20, TrainDataLoss = 2, LearningRate = 0.05 },
        ]);
        var finished = new TrialFinished(TestSweeps.Completed(TestSweeps.Spec(4), 0.5), curve);

        var back = (TrialFinished)RoundTrip(finished);

        Assert.Equal(curve, back.Curve);
        Assert.Equal(finished.Result, back.Result);
        Assert.Null(((TrialFinished)RoundTrip(new TrialFinished(finished.Result))).Curve);
    }

    [Fact]
    public void The_data_settings_a_worker_node_is_told_round_trip()
    {
        var joined = new SweepJoined("s", new DatasetOptions { Kind = DatasetKind.Csv, Path = "/data/x.csv", Label = "y", ValidationFraction = 0.25, Standardize = false, Seed = 9 }, "abc", "def", 10);

        Assert.Equal(joined, RoundTrip(joined));
    }

    [Fact]
    public void The_idx_data_settings_a_worker_node_is_told_round_trip_with_standardize_left_to_the_kind()
    {
        var dataset = new DatasetOptions
        {
            Kind = DatasetKind.Idx, Images = "/d/train-images.gz", Labels = "/d/train-labels.gz", TestImages = "/d/t10k-images.gz",
            TestLabels = "/d/t10k-labels.gz", ValidationFraction = 0.1, Seed = 2,
        };
        var joined = new SweepJoined("s", dataset, "abc", "def", 10);

        var back = (SweepJoined)RoundTrip(joined);

        Assert.Equal(joined, back);
        Assert.Null(back.Dataset.Standardize);
        Assert.False(back.Dataset.EffectiveStandardize);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private object RoundTrip(object message) =>
        _serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));
}
