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
    /// the training data without dropout, for the learning curve (<see cref="TrainingResult.Curve"/>).
    /// </remarks>
    public static TrainingResult Train(
        Dataset data,
        TrainingOptions options,
        ulong seed,
        CancellationToken cancellationToken = default,
        Action<TrainingProgress>? onProgress = null,
        int progressEvery = 0) =>
        Train(data, options, seed, cancellationToken, onProgress, progressEvery, hooks: null);

    internal static TrainingResult Train(
        Dataset data,
        TrainingOptions options,
        ulong seed,
        CancellationToken cancellationToken,
        Action<TrainingProgress>? onProgress,
        int progressEvery,
        TrainerHooks? hooks)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options, data);
        ArgumentOutOfRangeException.ThrowIfNegative(progressEvery);

        var stopwatch = Stopwatch.StartNew();
        var rng = new Rng(seed);
        var spec = NetworkSpec.FromOptions(options, data.Features, data.Classes);
        if (hooks?.DropoutRates is { } rates)
        {
            spec = new NetworkSpec(spec.Widths, spec.Regularization, rates);
        }

        var initial = hooks?.InitialParameters ?? NetworkParameters.Initialize(spec.Widths, rng);
        var maskSeed = rng.NextUInt64();
        var masks = hooks?.Masks ?? new HashDropoutMasks(maskSeed, spec.DropoutRates);
        var rows = data.TrainRows;
        var batchSize = options.BatchSize == 0 || options.BatchSize >= rows ? rows : options.BatchSize;
        var optimizer = OptimizerSettings.FromOptions(options);
        ITrainableNetwork network = hooks?.Path == TrainingPath.Reference
            ? new ReferenceNetwork(spec, optimizer, masks, batchSize)
            : FastNetwork.Create(spec, optimizer, masks, batchSize);
        network.SetParameters(initial);

        var order = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            order[r] = r;
        }

        var status = TrialStatus.Completed;
        var epochsRun = 0;
        double trainLoss = double.NaN, trainAccuracy = double.NaN;
        double? validationLoss = null, validationAccuracy = null;
        double bestAccuracy = double.NaN, bestLoss = double.NaN;
        var bestEpoch = 0;
        Divergence? divergence = null;

        // The curve's storage is allocated here, once: the epoch loop allocates nothing.
        var curve = new CurvePoint[EvaluationCount(options)];
        var evaluations = 0;

        for (var epoch = 1; epoch <= options.Epochs && status == TrialStatus.Completed; epoch++)
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
            }

            if (progressEvery > 0 && epoch % progressEvery == 0)
            {
                onProgress?.Invoke(new TrainingProgress(epoch, options.Epochs, trainLoss, trainAccuracy, validationLoss, validationAccuracy));
            }
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
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
        };
    }

    /// <summary>Evaluations of a full run: every <c>EvaluateEvery</c> epochs, and after the last epoch if that is not one of them.</summary>
    internal static int EvaluationCount(TrainingOptions options) =>
        (options.Epochs / options.EvaluateEvery) + (options.Epochs % options.EvaluateEvery == 0 ? 0 : 1);

    private static Divergence? NonFinite(int epoch, string quantity, double value) =>
        double.IsFinite(value) ? null : new Divergence(epoch, quantity, value);

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
