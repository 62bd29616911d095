using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>
/// A trial trained in segments, each continuing from the bytes of the checkpoint the one before handed back, against
/// the same trial trained straight through (the independent reference: no checkpoint involved): every epoch's losses,
/// the final result and the network's state must be the same, bit for bit.
/// </summary>
public sealed class CheckpointContinuationTests
{
    private static readonly Dataset Spiral100 =
        DatasetLoader.Load(new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 100, Classes = 3, ValidationSamples = 50, Seed = 3 });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<bool, int, OptimizerKind> Cases() => new()
    {
        { true, 0, OptimizerKind.Adam },
        { true, 50, OptimizerKind.Adam },
        { false, 0, OptimizerKind.Adam },
        { false, 50, OptimizerKind.Adam },
        { true, 50, OptimizerKind.Sgd },
        { false, 0, OptimizerKind.Sgd },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_through_checkpoints_is_bit_identical_to_training_straight_through(bool fastPath, int batchSize, OptimizerKind optimizer)
    {
        var path = fastPath ? TrainingPath.Fast : TrainingPath.Reference;
        // Decay and dropout on, so that the step count and the mask stream must both be restored exactly.
        var options = new TrainingOptions
        {
            Hidden = [32], Epochs = 60, EvaluateEvery = 10, BatchSize = batchSize, DropoutRate = 0.2, Decay = 1e-2,
            Optimizer = optimizer, LearningRate = optimizer == OptimizerKind.Sgd ? 0.5 : 0.02,
        };

        var straight = new List<StepMetrics>();
        var whole = Train(options, TrainingSegment.Whole, path, straight);

        var segmented = new List<StepMetrics>();
        var first = Train(options, new TrainingSegment(20), path, segmented);
        var second = Train(options, new TrainingSegment(40, Reload(first.Checkpoint)), path, segmented);
        var last = Train(options, new TrainingSegment(null, Reload(second.Checkpoint)), path, segmented);

        Assert.Equal(straight, segmented);
        Assert.Equal(Timeless(whole), Timeless(last));
        Assert.Null(last.Checkpoint);
        Assert.Equal(20, first.Checkpoint!.Epoch);

        // The state at epoch 40 is the same whether reached in one segment or two.
        var direct = Train(options, new TrainingSegment(40), path, []);
        Assert.Equal(Timeless(direct.Checkpoint!), Timeless(second.Checkpoint!));
    }

    [Fact]
    public void Early_stopping_counts_its_patience_across_segments()
    {
        // MinDelta 10: no validation loss can improve by that much, so the first evaluation (epoch 10) is the best and
        // the next four (20, 30, 40, 50) do not improve: Patience 4 stops the trial after epoch 50 (hand-counted).
        var options = new TrainingOptions
        {
            Hidden = [16], Epochs = 60, EvaluateEvery = 10, BatchSize = 50,
            EarlyStopping = new EarlyStoppingOptions { Patience = 4, MinDelta = 10 },
        };

        var whole = Train(options, TrainingSegment.Whole, TrainingPath.Fast, []);
        var first = Train(options, new TrainingSegment(30), TrainingPath.Fast, []);
        var rest = Train(options, new TrainingSegment(null, Reload(first.Checkpoint)), TrainingPath.Fast, []);

        Assert.True(whole.StoppedEarly);
        Assert.Equal(50, whole.EpochsRun);
        Assert.Equal(TrialStatus.Completed, whole.Status);
        Assert.Equal(Timeless(whole), Timeless(rest));
    }

    [Fact]
    public void A_segment_must_end_on_an_evaluation_and_continue_its_own_trial()
    {
        var options = new TrainingOptions { Hidden = [8], Epochs = 40, EvaluateEvery = 10 };
        var paused = Train(options, new TrainingSegment(10), TrainingPath.Fast, []);

        var between = Assert.Throws<ArgumentException>(() => Trainer.Train(Spiral100, options, 1, new TrainingSegment(15), Token));
        Assert.Contains("multiple of Training:EvaluateEvery (10)", between.Message, StringComparison.Ordinal);
        var otherTrial = Assert.Throws<ArgumentException>(() => Trainer.Train(Spiral100, options, 2, new TrainingSegment(20, paused.Checkpoint), Token));
        Assert.Contains("seed 1, not 2", otherTrial.Message, StringComparison.Ordinal);
        var otherShape = Assert.Throws<ArgumentException>(() => Trainer.Train(Spiral100, options with { Hidden = [9] }, 1, new TrainingSegment(20, paused.Checkpoint), Token));
        Assert.Contains("widths [2, 8, 3]", otherShape.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(paused.Checkpoint!.ToBytes()[..^3]));
    }

    [Theory]
    [InlineData(0, 40)]
    [InlineData(25, 60)]
    public void The_size_bound_holds_a_real_checkpoint_and_is_close_to_it(int batchSize, int epochs)
    {
        // Two hidden layers wide enough that the parameters and moments (3 x 21,003 float32 values, 252 KB, counted by
        // hand from (2+1)x200 + (200+1)x100 + (100+1)x3) dominate the fixed fields: a bound that counted one tensor
        // too few, or doubles, would miss by far more than the margin allowed below.
        var options = new TrainingOptions { Hidden = [200, 100], Epochs = epochs + 20, EvaluateEvery = 10, BatchSize = batchSize };
        var paused = Train(options, new TrainingSegment(epochs), TrainingPath.Fast, []);
        var actual = paused.Checkpoint!.ToBytes().Length;

        int[] widths = [Spiral100.Features, 200, 100, Spiral100.Classes];
        var evaluations = (options.Epochs / options.EvaluateEvery) + 1;
        var bound = TrainingCheckpoint.SizeBound(widths, Spiral100.TrainRows, batchSize > 0, evaluations);

        Assert.True(actual > 3 * 21_003 * sizeof(float), $"actual {actual}");
        Assert.True(bound >= actual, $"bound {bound} < actual {actual}");
        Assert.True(bound - actual <= 4096 + (8 * sizeof(double) * evaluations), $"bound {bound} is far above actual {actual}");
    }

    private static TrainingResult Train(TrainingOptions options, TrainingSegment segment, TrainingPath path, List<StepMetrics> trace) =>
        Trainer.Train(Spiral100, options, 1, segment, Token, null, 0, new TrainerHooks { Path = path, OnEpoch = (_, metrics) => trace.Add(metrics) });

    // Through its bytes, as it travels between nodes and lies on disk.
    private static TrainingCheckpoint Reload(TrainingCheckpoint? checkpoint) => TrainingCheckpoint.FromBytes(checkpoint!.ToBytes());

    private static TrainingResult Timeless(TrainingResult result) => result with { WallSeconds = 0, EpochsPerSecond = 0, Checkpoint = null };

    private static byte[] Timeless(TrainingCheckpoint checkpoint) =>
        new TrainingCheckpoint(checkpoint.Path, checkpoint.Seed, checkpoint.Widths, checkpoint.Rng, checkpoint.MaskSeed, checkpoint.Order, checkpoint.Network, checkpoint.Figures with { Seconds = 0 }).ToBytes();
}
