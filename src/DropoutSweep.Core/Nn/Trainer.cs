using System.Diagnostics;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn.Fast;
using DropoutSweep.Core.Nn.Reference;
using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Nn;

/// <summary>Trains one network for one set of hyperparameters. Single-threaded; one RNG per call, seeded from <c>seed</c>.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="options"/> on <paramref name="data"/>. Never throws for divergence (status Diverged) or
    /// cancellation (status Cancelled, checked at least once per epoch); throws only for bugs and invalid arguments.
    /// <paramref name="onProgress"/> is called every <paramref name="progressEvery"/> epochs (0 = never) on the calling thread.
    /// </summary>
    /// <remarks>
    /// The best validation accuracy is the highest measured (its epoch is <see cref="TrainingResult.BestEpoch"/>, the
    /// first such); the best validation loss is the lowest measured, at whatever epoch. Every evaluation also evaluates
    /// the training data without dropout, for the learning curve (<see cref="TrainingResult.Curve"/>). A data set with a
    /// test part (<see cref="Dataset.HasTestSet"/>) is evaluated once, on the final network of a completed trial (after its
    /// last epoch, or when early stopping ends it; not at the end of a segment that a scheduler will continue).
    /// </remarks>
    public static TrainingResult Train(
        Dataset data,
        TrainingOptions options,
        ulong seed,
        CancellationToken cancellationToken = default,
        Action<TrainingProgress>? onProgress = null,
        int progressEvery = 0) =>
        Train(data, options, seed, TrainingSegment.Whole, cancellationToken, onProgress, progressEvery, hooks: null);

    /// <summary>
    /// Trains one <paramref name="segment"/> of the trial: from its start or from a checkpoint of it, up to the
    /// segment's last epoch, which must be an evaluation epoch (a multiple of <c>EvaluateEvery</c>, or the last). When
    /// the segment ends before the trial's last epoch (and the trial neither diverged nor stopped early), the result
    /// carries the <see cref="TrainingResult.Checkpoint"/> to continue from. Segments trained one after the other give
    /// the same result, bit for bit, as <see cref="Train(Dataset, TrainingOptions, ulong, CancellationToken, Action{TrainingProgress}?, int)"/>.
    /// </summary>
    public static TrainingResult Train(
        Dataset data,
        TrainingOptions options,
        ulong seed,
        TrainingSegment segment,
        CancellationToken cancellationToken = default,
        Action<TrainingProgress>? onProgress = null,
        int progressEvery = 0) =>
        Train(data, options, seed, segment, cancellationToken, onProgress, progressEvery, hooks: null);

    internal static TrainingResult Train(
        Dataset data,
        TrainingOptions options,
        ulong seed,
        CancellationToken cancellationToken,
        Action<TrainingProgress>? onProgress,
        int progressEvery,
        TrainerHooks? hooks) =>
        Train(data, options, seed, TrainingSegment.Whole, cancellationToken, onProgress, progressEvery, hooks);

    internal static TrainingResult Train(
        Dataset data,
        TrainingOptions options,
        ulong seed,
        TrainingSegment segment,
        CancellationToken cancellationToken,
        Action<TrainingProgress>? onProgress,
        int progressEvery,
        TrainerHooks? hooks)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(segment);
        Validate(options, data);
        ArgumentOutOfRangeException.ThrowIfNegative(progressEvery);
        var stopAfter = segment.StopAfterEpoch ?? options.Epochs;
        var from = segment.From;
        ValidateSegment(options, seed, stopAfter, from);

        var stopwatch = Stopwatch.StartNew();
        var rng = new Rng(seed);
        var spec = NetworkSpec.FromOptions(options, data.Features, data.Classes);
        if (hooks?.DropoutRates is { } rates)
        {
            spec = new NetworkSpec(spec.Widths, spec.Regularization, rates);
        }

        var path = hooks?.Path ?? TrainingPath.Fast;
        NetworkParameters? initial = null;
        ulong maskSeed;
        if (from is null)
        {
            initial = hooks?.InitialParameters ?? NetworkParameters.Initialize(spec.Widths, rng);
            maskSeed = rng.NextUInt64();
        }
        else
        {
            CheckFits(from, spec, path);
            rng.Restore(from.Rng);
            maskSeed = from.MaskSeed;
        }

        var masks = hooks?.Masks ?? new HashDropoutMasks(maskSeed, spec.DropoutRates);
        var rows = data.TrainRows;
        var batchSize = options.BatchSize == 0 || options.BatchSize >= rows ? rows : options.BatchSize;
        var optimizer = OptimizerSettings.FromOptions(options);
        ITrainableNetwork network = path == TrainingPath.Reference
            ? new ReferenceNetwork(spec, optimizer, masks, batchSize)
            : FastNetwork.Create(spec, optimizer, masks, batchSize);
        if (from is null)
        {
            network.SetParameters(initial!);
        }
        else
        {
            network.RestoreState(from.Network);
        }

        var order = new int[rows];
        if (from is { Order.Length: > 0 })
        {
            if (from.Order.Length != rows)
            {
                throw new ArgumentException($"The checkpoint's row order has {from.Order.Length} rows; the data set has {rows}.", nameof(segment));
            }

            from.Order.CopyTo(order, 0);
        }
        else
        {
            for (var r = 0; r < rows; r++)
            {
                order[r] = r;
            }
        }

        var figures = from?.Figures ?? new TrainerFigures();
        var status = TrialStatus.Completed;
        var epochsRun = figures.EpochsRun;
        double trainLoss = figures.TrainLoss, trainAccuracy = figures.TrainAccuracy;
        double? validationLoss = figures.ValidationLoss, validationAccuracy = figures.ValidationAccuracy;
        double bestAccuracy = figures.BestAccuracy, bestLoss = figures.BestLoss;
        var bestEpoch = figures.BestEpoch;
        var stopping = options.EarlyStopping;
        var monitorBest = figures.MonitorBest;
        var withoutImprovement = figures.EvaluationsWithoutImprovement;
        var stoppedEarly = false;
        Divergence? divergence = null;

        // The curve's storage is allocated here, once (with the points of earlier segments): the epoch loop allocates nothing.
        var curve = new CurvePoint[EvaluationCount(options)];
        figures.Curve.CopyTo(curve, 0);
        var evaluations = figures.Curve.Length;

        for (var epoch = epochsRun + 1; epoch <= stopAfter && status == TrialStatus.Completed && !stoppedEarly; epoch++)
        {
            if (batchSize < rows)
            {
                rng.Shuffle(order.AsSpan());
            }

            var lossSum = 0.0;
            var regularizationSum = 0.0;
            var correct = 0;
            var steps = 0;
            for (var start = 0; start < rows; start += batchSize)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    status = TrialStatus.Cancelled;
                    break;
                }

                var m = Math.Min(batchSize, rows - start);
                var step = network.ComputeGradients(data.TrainX, data.TrainY, order.AsSpan(start, m));
                network.Update();
                lossSum += step.DataLoss * m;
                regularizationSum += step.RegularizationLoss;
                correct += step.Correct;
                steps++;
            }

            if (status == TrialStatus.Cancelled)
            {
                break;
            }

            var metrics = new StepMetrics(lossSum / rows, regularizationSum / steps, correct, rows);
            hooks?.OnEpoch?.Invoke(epoch, metrics);
            divergence = NonFinite(epoch, Divergence.TrainingDataLoss, metrics.DataLoss) ?? NonFinite(epoch, Divergence.RegularizationLoss, metrics.RegularizationLoss);
            if (divergence is not null)
            {
                status = TrialStatus.Diverged;
                break;
            }

            epochsRun = epoch;
            (trainLoss, trainAccuracy) = (metrics.Loss, metrics.Accuracy);
            if (epoch % options.EvaluateEvery == 0 || epoch == options.Epochs)
            {
                var validation = new Evaluation(double.NaN, double.NaN);
                if (data.ValidationRows > 0)
                {
                    validation = network.Evaluate(data.ValidationX, data.ValidationY);
                    divergence = NonFinite(epoch, Divergence.ValidationLoss, validation.Loss);
                    if (divergence is not null)
                    {
                        status = TrialStatus.Diverged;
                        break;
                    }

                    (validationLoss, validationAccuracy) = (validation.Loss, validation.Accuracy);
                    if (!(validation.Accuracy <= bestAccuracy))
                    {
                        (bestAccuracy, bestEpoch) = (validation.Accuracy, epoch);
                    }

                    if (!(validation.Loss >= bestLoss))
                    {
                        bestLoss = validation.Loss;
                    }
                }

                // The training data as validation sees it (dropout off): the gap to the dropout-on loss is dropout's doing.
                var onTraining = network.Evaluate(data.TrainX, data.TrainY);
                divergence = NonFinite(epoch, Divergence.TrainingEvaluationLoss, onTraining.Loss);
                if (divergence is not null)
                {
                    status = TrialStatus.Diverged;
                    break;
                }

                curve[evaluations++] = new CurvePoint
                {
                    Epoch = epoch,
                    TrainDataLoss = metrics.DataLoss,
                    RegularizationLoss = metrics.RegularizationLoss,
                    TrainEvalAccuracy = onTraining.Accuracy,
                    TrainEvalLoss = onTraining.Loss,
                    ValidationAccuracy = validation.Accuracy,
                    ValidationLoss = validation.Loss,
                    LearningRate = optimizer.LearningRateAt(network.Step - 1),
                };

                if (stopping.Patience is { } patience && data.ValidationRows > 0)
                {
                    var monitored = stopping.Metric == ValidationMetric.ValLoss ? validation.Loss : validation.Accuracy;
                    if (Improves(monitored, monitorBest, stopping))
                    {
                        (monitorBest, withoutImprovement) = (monitored, 0);
                    }
                    else if (++withoutImprovement >= patience && epoch < options.Epochs)
                    {
                        stoppedEarly = true;
                    }
                }
            }

            if (progressEvery > 0 && epoch % progressEvery == 0)
            {
                onProgress?.Invoke(new TrainingProgress(epoch, options.Epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy));
            }
        }

        // The held-out test set, once, on the trial's final network (not at the end of a segment that stops before the
        // last epoch); never looked at during training or for ranking.
        var final = status == TrialStatus.Completed && (stoppedEarly || epochsRun >= options.Epochs);
        var test = final && data.HasTestSet
            ? network.Evaluate(data.TestX, data.TestY)
            : new Evaluation(double.NaN, double.NaN);
        var seconds = figures.Seconds + stopwatch.Elapsed.TotalSeconds;
        TrainingCheckpoint? checkpoint = null;
        if (status == TrialStatus.Completed && !final)
        {
            checkpoint = new TrainingCheckpoint(
                path, seed, spec.Widths, rng.State, maskSeed, batchSize < rows ? order : [], network.CaptureState(),
                new TrainerFigures
                {
                    EpochsRun = epochsRun,
                    TrainLoss = trainLoss,
                    TrainAccuracy = trainAccuracy,
                    ValidationLoss = validationLoss,
                    ValidationAccuracy = validationAccuracy,
                    BestAccuracy = bestAccuracy,
                    BestLoss = bestLoss,
                    BestEpoch = bestEpoch,
                    MonitorBest = monitorBest,
                    EvaluationsWithoutImprovement = withoutImprovement,
                    Seconds = seconds,
                    Curve = curve[..evaluations],
                });
        }

        return new TrainingResult(
            status,
            validationAccuracy ?? double.NaN,
            validationLoss ?? double.NaN,
            bestAccuracy,
            bestLoss,
            bestEpoch,
            trainAccuracy,
            trainLoss,
            epochsRun,
            seconds,
            seconds > 0 ? epochsRun / seconds : 0)
        {
            Curve = LearningCurve.Own(curve, evaluations),
            Divergence = divergence,
            Network = hooks?.KeepNetwork == true ? network.GetParameters() : null,
            TestAccuracy = test.Accuracy,
            TestLoss = test.Loss,
            StoppedEarly = stoppedEarly,
            Checkpoint = checkpoint,
        };
    }

    /// <summary>Evaluations of a full run: every <c>EvaluateEvery</c> epochs, and after the last epoch if that is not one of them.</summary>
    internal static int EvaluationCount(TrainingOptions options) =>
        (options.Epochs / options.EvaluateEvery) + (options.Epochs % options.EvaluateEvery == 0 ? 0 : 1);

    private static Divergence? NonFinite(int epoch, string quantity, double value) =>
        double.IsFinite(value) ? null : new Divergence(epoch, quantity, value);

    /// <summary>
    /// Keras's rule (EarlyStopping._is_improvement): the first evaluation improves on nothing; later ones must beat the
    /// best by more than MinDelta: lower for a loss, higher for an accuracy.
    /// </summary>
    private static bool Improves(double value, double best, EarlyStoppingOptions stopping) =>
        double.IsNaN(best)
        || (stopping.Metric == ValidationMetric.ValLoss ? value + stopping.MinDelta < best : value - stopping.MinDelta > best);

    private static void ValidateSegment(TrainingOptions options, ulong seed, int stopAfter, TrainingCheckpoint? from)
    {
        if (stopAfter < 1 || stopAfter > options.Epochs || (stopAfter != options.Epochs && stopAfter % options.EvaluateEvery != 0))
        {
            throw new ArgumentException(
                $"A segment must stop after an evaluation epoch: a multiple of Training:EvaluateEvery ({options.EvaluateEvery}) or the last epoch ({options.Epochs}), not {stopAfter}.",
                nameof(options));
        }

        if (from is not null && (from.Seed != seed || from.Epoch >= stopAfter))
        {
            throw new ArgumentException(
                from.Seed != seed
                    ? $"The checkpoint belongs to the trial of seed {from.Seed}, not {seed}."
                    : $"The checkpoint is at epoch {from.Epoch}; a segment from it must stop later than that, not after epoch {stopAfter}.",
                nameof(from));
        }
    }

    private static void CheckFits(TrainingCheckpoint from, NetworkSpec spec, TrainingPath path)
    {
        if (from.Path != path || !from.Widths.AsSpan().SequenceEqual(spec.Widths))
        {
            throw new ArgumentException(
                $"The checkpoint is of a {from.Path} network of widths [{string.Join(", ", from.Widths)}]; this trial trains a {path} network of widths [{string.Join(", ", spec.Widths)}].",
                nameof(from));
        }
    }

    // The catalogue's rules (the same that check a sweep file), so a trial built in code cannot train on settings a
    // sweep file would refuse: ArgumentException naming the setting, Training:DropoutRate = 1: must be in [0, 1).
    private static void Validate(TrainingOptions options, Dataset data)
    {
        var problems = TrainingSettings.Section.Validate(options, TrainingSettings.Section.Name);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        if (data.TrainRows == 0)
        {
            throw new ArgumentException($"Data set '{data.Name}' has no training rows.", nameof(data));
        }
    }
}
