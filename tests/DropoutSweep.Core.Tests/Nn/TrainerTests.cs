using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>The training loop: determinism, divergence, cancellation, progress, validation schedule, mini-batches, depth.</summary>
public sealed class TrainerTests(ITestOutputHelper output)
{
    private static readonly Dataset Spiral100 =
        DatasetLoader.Load(new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 100, Classes = 3, ValidationSamples = 50, Seed = 3 });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Same_seed_gives_bit_identical_results()
    {
        var options = new TrainingOptions { Hidden = [48], Epochs = 60, DropoutRate = 0.2, BatchSize = 64, EvaluateEvery = 20 };
        var first = Trainer.Train(Spiral100, options, 42, Token);
        var second = Trainer.Train(Spiral100, options, 42, Token);
        Assert.Equal(Timeless(first), Timeless(second));
    }

    [Fact]
    public void Different_seeds_give_different_results()
    {
        var options = new TrainingOptions { Hidden = [48], Epochs = 30, EvaluateEvery = 10 };
        var first = Trainer.Train(Spiral100, options, 1, Token);
        var second = Trainer.Train(Spiral100, options, 2, Token);
        Assert.NotEqual(first.TrainLoss, second.TrainLoss);
        Assert.NotEqual(first.ValidationLoss, second.ValidationLoss);
    }

    [Fact]
    public void A_learning_rate_of_a_million_diverges_and_stops_the_trial()
    {
        // SGD: Adam's steps are ~lr·sign(g) whatever the gradient, and at lr 1e6 its weights stay finite for millions of steps.
        var options = new TrainingOptions { Hidden = [32], Epochs = 500, Optimizer = OptimizerKind.Sgd, LearningRate = 1e6, EvaluateEvery = 1 };
        var result = Trainer.Train(Spiral100, options, 7, Token);
        output.WriteLine(result.ToString());
        Assert.Equal(TrialStatus.Diverged, result.Status);
        Assert.InRange(result.EpochsRun, 0, options.Epochs - 1);
        Assert.True(double.IsNaN(result.TrainLoss) || double.IsFinite(result.TrainLoss), "the last finite training loss or NaN");
    }

    [Fact]
    public void Cancellation_is_honoured_within_an_epoch()
    {
        // 300 rows in batches of 20: 15 steps per epoch. The mask source cancels during step 22, i.e. in epoch 2.
        using var cancellation = new CancellationTokenSource();
        var options = new TrainingOptions { Hidden = [16], Epochs = 100, BatchSize = 20, DropoutRate = 0.1, EvaluateEvery = 1 };
        var masks = new CancellingMasks(cancellation, cancelAtStep: 22);
        var result = Trainer.Train(Spiral100, options, 3, cancellation.Token, null, 0, new TrainerHooks { Masks = masks });

        Assert.Equal(TrialStatus.Cancelled, result.Status);
        Assert.Equal(1, result.EpochsRun);
        Assert.Equal(22, masks.LastStep);
        Assert.False(double.IsNaN(result.ValidationAccuracy));
    }

    [Fact]
    public void A_trial_cancelled_before_it_starts_runs_no_epoch()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var result = Trainer.Train(Spiral100, new TrainingOptions { Hidden = [16], Epochs = 10 }, 3, cancellation.Token);
        Assert.Equal(TrialStatus.Cancelled, result.Status);
        Assert.Equal(0, result.EpochsRun);
        Assert.True(double.IsNaN(result.ValidationAccuracy));
    }

    [Fact]
    public void Progress_is_reported_every_k_epochs_with_the_latest_validation()
    {
        var reports = new List<TrainingProgress>();
        var options = new TrainingOptions { Hidden = [16], Epochs = 30, EvaluateEvery = 10 };
        var result = Trainer.Train(Spiral100, options, 5, Token, reports.Add, progressEvery: 7);

        Assert.Equal([7, 14, 21, 28], reports.Select(p => p.Epoch));
        Assert.All(reports, p => Assert.Equal(30, p.Epochs));
        Assert.Null(reports[0].ValidationLoss);
        Assert.NotNull(reports[1].ValidationLoss);
        Assert.NotEqual(reports[1].ValidationLoss, reports[2].ValidationLoss); // epoch 14 shows epoch 10's, 21 epoch 20's
        Assert.Equal(reports[2].ValidationLoss, reports[3].ValidationLoss); // and 28 still epoch 20's
        Assert.Equal(TrialStatus.Completed, result.Status);
    }

    [Fact]
    public void Validation_runs_every_EvaluateEvery_epochs_and_after_the_last()
    {
        var epochs = new List<int>();
        var validations = new List<double?>();
        var options = new TrainingOptions { Hidden = [32], Epochs = 23, EvaluateEvery = 5, LearningRate = 0.02 };
        var result = Trainer.Train(Spiral100, options, 9, Token, p => validations.Add(p.ValidationLoss), progressEvery: 1);

        // The validation figure changes only at epochs 5, 10, 15, 20 and 23.
        var changes = Enumerable.Range(1, validations.Count - 1).Where(i => validations[i] != validations[i - 1]).Select(i => i + 1).ToArray();
        Assert.Equal([5, 10, 15, 20, 23], changes);
        Assert.Contains(result.BestEpoch, new[] { 5, 10, 15, 20, 23 });
        Assert.Equal(validations[^1], result.ValidationLoss);
        Assert.True(result.BestValidationAccuracy >= result.ValidationAccuracy);
        Assert.True(result.BestValidationLoss <= result.ValidationLoss);
        Assert.Equal(23, result.EpochsRun);
        Assert.True(result.WallSeconds > 0 && result.EpochsPerSecond > 0);
    }

    [Fact]
    public void Training_loss_is_the_data_loss_plus_the_regularisation_loss()
    {
        StepMetrics last = default;
        var options = new TrainingOptions { Hidden = [32], Epochs = 10, L2 = 1e-2, OutputL2 = 1e-2 };
        var result = Trainer.Train(Spiral100, options, 4, Token, null, 0, new TrainerHooks { OnEpoch = (_, m) => last = m });
        Assert.True(last.RegularizationLoss > 0);
        Assert.Equal(last.DataLoss + last.RegularizationLoss, result.TrainLoss);
        Assert.Equal(last.Accuracy, result.TrainAccuracy);
    }

    [Fact]
    public void Mini_batch_training_learns()
    {
        // Three classes as bands of a random projection of 10 features: learnable in a few hundred small steps.
        var data = PathAgreementTests.Synthetic(10, 3, 600);
        var options = new TrainingOptions { Hidden = [64], Epochs = 30, BatchSize = 32, LearningRate = 0.01, Decay = 1e-4, DropoutRate = 0.1, EvaluateEvery = 10 };
        var first = new List<double>();
        var result = Trainer.Train(data, options, 11, Token, null, 0, new TrainerHooks { OnEpoch = (_, m) => first.Add(m.DataLoss) });
        output.WriteLine(result.ToString() + $" data loss {first[0]} → {first[^1]}");
        Assert.True(first[^1] < 0.5 * first[0], $"data loss went from {first[0]} to {first[^1]}");
        Assert.True(result.ValidationAccuracy > 0.8, $"validation accuracy {result.ValidationAccuracy} (chance: about 0.33)");
    }

    [Fact]
    public void Several_hidden_layers_learn()
    {
        var options = new TrainingOptions { Hidden = [64, 32], Epochs = 400, DropoutRate = 0.1, LearningRate = 0.02, Decay = 1e-4, EvaluateEvery = 100 };
        var result = Trainer.Train(Spiral100, options, 12, Token);
        output.WriteLine(result.ToString());
        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.True(result.ValidationAccuracy > 0.6, $"validation accuracy {result.ValidationAccuracy}");
    }

    [Theory]
    [InlineData(ValidationMetric.ValLoss, 2, 0.0)]
    [InlineData(ValidationMetric.ValAccuracy, 3, 0.0)]
    [InlineData(ValidationMetric.ValLoss, 2, 0.01)]
    public void Early_stopping_stops_where_Keras_would_on_the_same_evaluations(ValidationMetric metric, int patience, double minDelta)
    {
        // The evaluations of the trial trained to the end, then Keras's EarlyStopping (documented: stop after `patience`
        // evaluations without an improvement of more than `min_delta`) run over them by hand.
        var options = new TrainingOptions { Hidden = [128], Epochs = 1500, EvaluateEvery = 20, LearningRate = 0.05, DropoutRate = 0, L2 = 0, Decay = 0 };
        var evaluations = new List<TrainingProgress>();
        Trainer.Train(Spiral100, options, 9, Token, evaluations.Add, progressEvery: options.EvaluateEvery);
        int? expectedStop = null;
        double? best = null;
        var wait = 0;
        foreach (var evaluation in evaluations)
        {
            var value = metric == ValidationMetric.ValLoss ? evaluation.ValidationLoss!.Value : evaluation.ValidationAccuracy!.Value;
            var improves = best is null || (metric == ValidationMetric.ValLoss ? value < best - minDelta : value > best + minDelta);
            (best, wait) = improves ? (value, 0) : (best, wait + 1);
            if (wait >= patience && evaluation.Epoch < options.Epochs)
            {
                expectedStop = evaluation.Epoch;
                break;
            }
        }

        Assert.NotNull(expectedStop); // the case is chosen so that the trial stops early: otherwise it proves nothing

        var stopped = Trainer.Train(Spiral100, options with { EarlyStopping = new EarlyStoppingOptions { Patience = patience, Metric = metric, MinDelta = minDelta } }, 9, Token);

        Assert.True(stopped.StoppedEarly);
        Assert.Equal(TrialStatus.Completed, stopped.Status);
        Assert.Equal(expectedStop, stopped.EpochsRun);
        var atStop = evaluations.Single(e => e.Epoch == expectedStop);
        Assert.Equal(atStop.ValidationLoss, stopped.ValidationLoss);
        Assert.Equal(atStop.ValidationAccuracy, stopped.ValidationAccuracy);
        Assert.Null(stopped.Checkpoint);
    }

    [Fact]
    public void The_epoch_loop_allocates_nothing()
    {
        long Allocated(int epochs)
        {
            var options = new TrainingOptions { Hidden = [32], Epochs = epochs, BatchSize = 50, EvaluateEvery = 10 };
            var before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Train(Spiral100, options, 1, Token, _ => { }, progressEvery: 5);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(10);
        Assert.Equal(Allocated(10), Allocated(110));
    }

    [Theory]
    [InlineData("DropoutRate")]
    [InlineData("LearningRate")]
    [InlineData("Epochs")]
    [InlineData("BatchSize")]
    [InlineData("EvaluateEvery")]
    [InlineData("Hidden")]
    [InlineData("L2")]
    public void Invalid_settings_are_rejected_with_a_message_naming_the_setting(string setting)
    {
        var valid = new TrainingOptions { Hidden = [8], Epochs = 2 };
        var invalid = setting switch
        {
            "DropoutRate" => valid with { DropoutRate = 1.0 },
            "LearningRate" => valid with { LearningRate = 0 },
            "Epochs" => valid with { Epochs = 0 },
            "BatchSize" => valid with { BatchSize = -5 },
            "EvaluateEvery" => valid with { EvaluateEvery = 0 },
            "Hidden" => valid with { Hidden = [8, 0] },
            _ => valid with { L2 = -1e-3 },
        };

        var error = Assert.Throws<ArgumentException>(() => Trainer.Train(Spiral100, invalid, 1, Token));
        Assert.StartsWith("Training:" + setting, error.Message);
    }

    private static TrainingResult Timeless(TrainingResult result) => result with { WallSeconds = 0, EpochsPerSecond = 0 };

    /// <summary>Hash masks that cancel the trial while drawing the mask of a given step: a cancellation mid-epoch.</summary>
    private sealed class CancellingMasks(CancellationTokenSource cancellation, long cancelAtStep) : IDropoutMasks
    {
        private readonly HashDropoutMasks _masks = new(1, [0.1]);

        public long LastStep { get; private set; } = -1;

        public bool Keep(long step, int hiddenLayer, int row, int unit)
        {
            LastStep = step;
            if (step == cancelAtStep)
            {
                cancellation.Cancel();
            }

            return _masks.Keep(step, hiddenLayer, row, unit);
        }
    }
}
