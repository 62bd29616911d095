using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Reference;
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
    public void A_learning_rate_of_a_million_diverges_stops_the_trial_and_says_what_became_non_finite_and_when()
    {
        // SGD: Adam's steps are ~lr·sign(g) whatever the gradient, and at lr 1e6 its weights stay finite for millions of steps.
        var options = new TrainingOptions { Hidden = [32], Epochs = 500, Optimizer = OptimizerKind.Sgd, LearningRate = 1e6, EvaluateEvery = 1 };
        var epochs = new List<(int Epoch, StepMetrics Metrics)>();
        var result = Trainer.Train(Spiral100, options, 7, Token, null, 0, new TrainerHooks { OnEpoch = (epoch, metrics) => epochs.Add((epoch, metrics)) });
        output.WriteLine($"{result} {result.Divergence}");

        Assert.Equal(TrialStatus.Diverged, result.Status);
        var divergence = Assert.IsType<Divergence>(result.Divergence);
        Assert.False(double.IsFinite(divergence.Value));

        // Training stops at the epoch that went wrong: the last one the hook saw. A training-mode loss names that epoch
        // unrun; an evaluation's loss comes after the epoch's training, which then counts as run.
        var (lastEpoch, last) = epochs[^1];
        Assert.Equal(lastEpoch, divergence.Epoch);
        var trainingQuantity = !double.IsFinite(last.DataLoss) ? Divergence.TrainingDataLoss
            : !double.IsFinite(last.RegularizationLoss) ? Divergence.RegularizationLoss
            : null;
        if (trainingQuantity is not null)
        {
            Assert.Equal(trainingQuantity, divergence.Quantity);
            Assert.Equal(lastEpoch - 1, result.EpochsRun);
        }
        else
        {
            Assert.Contains(divergence.Quantity, new[] { Divergence.ValidationLoss, Divergence.TrainingEvaluationLoss });
            Assert.Equal(lastEpoch, result.EpochsRun);
        }

        // The result keeps the last finite figures: the training loss of the last epoch run, and a curve up to it.
        Assert.True(result.EpochsRun >= 1, "the first epochs at lr 1e6 are still finite");
        Assert.Equal(epochs[result.EpochsRun - 1].Metrics.Loss, result.TrainLoss);
        Assert.True(double.IsFinite(result.TrainLoss));
        Assert.All(result.Curve, point => Assert.True(point.Epoch <= result.EpochsRun && double.IsFinite(point.ValidationLoss) && double.IsFinite(point.TrainEvalLoss)));
        Assert.Equal($"{divergence.Quantity} became {divergence.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} at epoch {divergence.Epoch}", divergence.ToString());
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
    public void The_first_epochs_training_loss_is_the_starting_networks_cross_entropy_plus_its_penalties_computed_by_hand()
    {
        // The book's formulas, in double, on given starting parameters (large, so that every penalty counts):
        // data loss = mean −log(clip(softmax(relu(x·W1 + b1)·W2 + b2)[y], 1e−7, 1 − 1e−7)); the L1/L2 penalties of
        // Layer_Dense.regularization_loss on the parameters before the epoch's (only, full-batch) update.
        var options = new TrainingOptions { Hidden = [8], Epochs = 1, EvaluateEvery = 1, DropoutRate = 0, L1 = 2e-3, L2 = 1e-2, OutputL2 = 3e-2, Decay = 0 };
        var start = RandomParameters([2, 8, 3], seed: 21);
        var result = Trainer.Train(Spiral100, options, 1, Token, null, 0, new TrainerHooks { InitialParameters = start });

        var (w1, b1, w2, b2) = (start.Weights[0], start.Biases[0], start.Weights[1], start.Biases[1]);
        double Abs(double[] v) => v.Sum(Math.Abs);
        double Squares(double[] v) => v.Sum(x => x * x);
        var penalties = (2e-3 * (Abs(w1) + Abs(b1))) + (1e-2 * (Squares(w1) + Squares(b1))) + (3e-2 * (Squares(w2) + Squares(b2)));
        var data = 0.0;
        for (var row = 0; row < Spiral100.TrainRows; row++)
        {
            var hidden = new double[8];
            for (var j = 0; j < 8; j++)
            {
                var z = b1[j] + (Spiral100.TrainX[2 * row] * w1[j]) + (Spiral100.TrainX[(2 * row) + 1] * w1[8 + j]);
                hidden[j] = Math.Max(0, z);
            }

            var logits = new double[3];
            for (var k = 0; k < 3; k++)
            {
                logits[k] = b2[k] + Enumerable.Range(0, 8).Sum(j => hidden[j] * w2[(j * 3) + k]);
            }

            var max = logits.Max();
            var p = Math.Exp(logits[Spiral100.TrainY[row]] - max) / logits.Sum(l => Math.Exp(l - max));
            data -= Math.Log(Math.Clamp(p, 1e-7, 1 - 1e-7));
        }

        data /= Spiral100.TrainRows;
        output.WriteLine($"by hand: data {data}, penalties {penalties}; trainer: {result.TrainLoss}, curve {result.Curve[0]}");
        Assert.True(penalties > 0.1 * data, "the penalties are large enough to be seen");
        AssertClose(data, result.Curve[0].TrainDataLoss, 1e-5);
        AssertClose(penalties, result.Curve[0].RegularizationLoss, 1e-5);
        AssertClose(data + penalties, result.TrainLoss, 1e-5);
    }

    [Fact]
    public void Every_evaluation_records_the_epochs_losses_the_dropout_free_training_and_validation_figures_and_the_decayed_learning_rate()
    {
        // A by-hand loop over the clear reference network (full batch, the same start and masks) against the trainer on
        // the same path: the curve must be taken after each evaluated epoch's update, at epochs 5, 10, 15, 20 and 23.
        var options = new TrainingOptions { Hidden = [16], Epochs = 23, EvaluateEvery = 5, DropoutRate = 0.3, L2 = 1e-3, LearningRate = 0.02, Decay = 1e-2 };
        var start = RandomParameters([2, 16, 3], seed: 5);
        var masks = new HashDropoutMasks(77, [0.3]);
        var result = Trainer.Train(Spiral100, options, 1, Token, null, 0, new TrainerHooks { InitialParameters = start, Masks = masks, Path = TrainingPath.Reference });

        var network = new ReferenceNetwork(NetworkSpec.FromOptions(options, 2, 3), OptimizerSettings.FromOptions(options), masks, Spiral100.TrainRows);
        network.SetParameters(start);
        var everyRow = Enumerable.Range(0, Spiral100.TrainRows).ToArray();
        var expected = new List<CurvePoint>();
        for (var epoch = 1; epoch <= 23; epoch++)
        {
            var step = network.ComputeGradients(Spiral100.TrainX, Spiral100.TrainY, everyRow);
            network.Update();
            if (epoch % 5 == 0 || epoch == 23)
            {
                var training = network.Evaluate(Spiral100.TrainX, Spiral100.TrainY);
                var validation = network.Evaluate(Spiral100.ValidationX, Spiral100.ValidationY);
                expected.Add(new CurvePoint
                {
                    Epoch = epoch,
                    TrainDataLoss = step.DataLoss,
                    RegularizationLoss = step.RegularizationLoss,
                    TrainEvalAccuracy = training.Accuracy,
                    TrainEvalLoss = training.Loss,
                    ValidationAccuracy = validation.Accuracy,
                    ValidationLoss = validation.Loss,

                    // The book's decay: lr / (1 + decay · step), one step per full-batch epoch, steps counted from 0.
                    LearningRate = 0.02 / (1 + (1e-2 * (epoch - 1))),
                });
            }
        }

        Assert.Equal(expected.Select(p => p.Epoch), result.Curve.Select(p => p.Epoch));
        foreach (var (want, got) in expected.Zip(result.Curve))
        {
            foreach (var column in CurveColumns.All)
            {
                AssertClose(column.Get(want), column.Get(got), 1e-12);
            }
        }

        Assert.Equal(result.Curve[^1].ValidationAccuracy, result.ValidationAccuracy);
        Assert.True(result.Curve[0].TrainEvalLoss != result.Curve[0].TrainDataLoss, "with dropout 0.3 the two training losses differ");
    }

    [Fact]
    public void Without_dropout_the_evaluated_training_loss_after_an_epoch_is_the_next_epochs_training_loss()
    {
        // Full batch, no dropout: the next epoch's forward pass sees exactly the network that was just evaluated.
        var options = new TrainingOptions { Hidden = [32], Epochs = 12, EvaluateEvery = 1, DropoutRate = 0, L2 = 0 };
        var epochs = new Dictionary<int, StepMetrics>();
        var result = Trainer.Train(Spiral100, options, 3, Token, null, 0, new TrainerHooks { OnEpoch = (epoch, metrics) => epochs[epoch] = metrics });

        Assert.Equal(12, result.Curve.Count);
        for (var e = 1; e < 12; e++)
        {
            AssertClose(result.Curve[e - 1].TrainEvalLoss, epochs[e + 1].DataLoss, 1e-6);
            Assert.Equal(result.Curve[e - 1].TrainEvalAccuracy, epochs[e + 1].Accuracy);
        }
    }

    [Theory]
    [InlineData(false, new[] { 48 })] // the fused path
    [InlineData(false, new[] { 16, 8 })] // the mini-batch GEMM path
    [InlineData(true, new[] { 16, 8 })]
    public void The_test_set_is_evaluated_once_on_the_final_network_without_dropout_and_changes_nothing_else(bool reference, int[] hidden)
    {
        // The test part is a copy of the validation part, then of the training part: the final network's figures on it
        // must then be exactly the last validation figures, then the last dropout-free training figures of the curve (the
        // last epoch is always evaluated). A test pass with dropout on, or before the last epoch, would differ.
        var options = new TrainingOptions { Hidden = hidden, Epochs = 25, DropoutRate = 0.3, BatchSize = 64, EvaluateEvery = 10 };
        var hooks = new TrainerHooks { Path = reference ? TrainingPath.Reference : TrainingPath.Fast };
        var plain = Trainer.Train(Spiral100, options, 11, Token, null, 0, hooks);
        var onValidation = Trainer.Train(WithTestPart(Spiral100, Spiral100.ValidationX, Spiral100.ValidationY), options, 11, Token, null, 0, hooks);
        var onTraining = Trainer.Train(WithTestPart(Spiral100, Spiral100.TrainX, Spiral100.TrainY), options, 11, Token, null, 0, hooks);

        Assert.Equal(TrialStatus.Completed, onValidation.Status);
        Assert.True(double.IsNaN(plain.TestAccuracy) && double.IsNaN(plain.TestLoss), "no test part, no test figures");
        Assert.Equal(plain.ValidationAccuracy, onValidation.TestAccuracy);
        Assert.Equal(plain.ValidationLoss, onValidation.TestLoss);
        Assert.Equal(plain.Curve[^1].TrainEvalAccuracy, onTraining.TestAccuracy);
        Assert.Equal(plain.Curve[^1].TrainEvalLoss, onTraining.TestLoss);

        // Training never sees the test part: every other figure is bit for bit that of the run without it.
        Assert.Equal(Timeless(plain), Timeless(onValidation) with { TestAccuracy = double.NaN, TestLoss = double.NaN });
    }

    [Fact]
    public void A_segment_that_stops_before_the_last_epoch_has_no_test_figures_and_the_trials_end_has_those_of_training_straight_through()
    {
        // A scheduler trains a trial in segments: only its final network is the trial's, so only the last segment measures
        // the test set, and it measures what training in one go measures (the test part is the validation part here).
        var data = WithTestPart(Spiral100, Spiral100.ValidationX, Spiral100.ValidationY);
        var options = new TrainingOptions { Hidden = [16], Epochs = 30, DropoutRate = 0.2, EvaluateEvery = 10 };

        var whole = Trainer.Train(data, options, 5, TrainingSegment.Whole, Token);
        var first = Trainer.Train(data, options, 5, new TrainingSegment(10), Token);
        var last = Trainer.Train(data, options, 5, new TrainingSegment(null, first.Checkpoint), Token);

        Assert.True(double.IsNaN(first.TestAccuracy) && double.IsNaN(first.TestLoss), "a paused segment's network is not final");
        Assert.Equal(whole.ValidationAccuracy, whole.TestAccuracy);
        Assert.Equal((whole.TestAccuracy, whole.TestLoss), (last.TestAccuracy, last.TestLoss));
    }

    [Fact]
    public void A_diverged_trial_has_no_test_figures()
    {
        var options = new TrainingOptions { Hidden = [32], Epochs = 500, Optimizer = OptimizerKind.Sgd, LearningRate = 1e6, EvaluateEvery = 1 };

        var result = Trainer.Train(WithTestPart(Spiral100, Spiral100.ValidationX, Spiral100.ValidationY), options, 7, Token);

        Assert.Equal(TrialStatus.Diverged, result.Status);
        Assert.True(double.IsNaN(result.TestAccuracy) && double.IsNaN(result.TestLoss), $"{result.TestAccuracy} {result.TestLoss}");
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
    public void The_epoch_loop_allocates_nothing_evaluations_and_their_curve_points_included()
    {
        // The training thread's allocation count at the end of each epoch: from epoch 12 to 110 lie 98 epochs, 9
        // evaluations (training and validation data, each recording a curve point) and progress reports.
        var allocated = new long[111];
        var options = new TrainingOptions { Hidden = [32], Epochs = 110, BatchSize = 50, EvaluateEvery = 10 };
        var hooks = new TrainerHooks { OnEpoch = (epoch, _) => allocated[epoch] = GC.GetAllocatedBytesForCurrentThread() };
        Trainer.Train(Spiral100, options, 1, Token, _ => { }, 5, hooks); // warm-up: JIT and first-use work
        var result = Trainer.Train(Spiral100, options, 1, Token, _ => { }, 5, hooks);

        Assert.Equal(11, result.Curve.Count);
        Assert.Equal(allocated[12], allocated[110]);
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

    private static Dataset WithTestPart(Dataset data, float[] testX, int[] testY) =>
        new(data.Name, data.Features, data.Classes, data.TrainX, data.TrainY, data.ValidationX, data.ValidationY, data.ContentHash, data.ClassNames, (float[])testX.Clone(), (int[])testY.Clone());

    private static TrainingResult Timeless(TrainingResult result) => result with { WallSeconds = 0, EpochsPerSecond = 0 };

    private static void AssertClose(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1e-300, Math.Abs(expected)), $"expected {expected}, got {actual} (relative tolerance {relative})");

    /// <summary>Starting parameters far from the book's 0.01·N(0,1), with biases, rounded to float32 as both paths store them.</summary>
    private static NetworkParameters RandomParameters(int[] widths, ulong seed)
    {
        var rng = new DropoutSweep.Core.Randomness.Rng(seed);
        var parameters = NetworkParameters.Zeros(widths);
        for (var l = 0; l < widths.Length - 1; l++)
        {
            for (var k = 0; k < parameters.Weights[l].Length; k++)
            {
                parameters.Weights[l][k] = (float)(0.5 * rng.NextGaussian());
            }

            for (var k = 0; k < parameters.Biases[l].Length; k++)
            {
                parameters.Biases[l][k] = (float)(0.1 * rng.NextGaussian());
            }
        }

        return parameters;
    }

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
