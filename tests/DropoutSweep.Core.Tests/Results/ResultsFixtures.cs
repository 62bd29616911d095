using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Tests.Results;

/// <summary>Small hand-built plans and results for the ranking and report tests (the plan builder is tested elsewhere).</summary>
internal static class ResultsFixtures
{
    /// <summary>A grid over dropout rates (the only swept setting unless <paramref name="extra"/> adds one) with a number of repeats.</summary>
    public static SweepPlan Plan(double[] dropoutRates, int repeats = 1, (string Name, double[] Values)? extra = null)
    {
        var swept = new List<string> { "DropoutRate" };
        var configurations = dropoutRates.Select(rate => new TrainingOptions { DropoutRate = rate, Epochs = 10 }).ToList();
        if (extra is { } setting)
        {
            swept.Add(setting.Name);
            configurations = configurations
                .SelectMany(training => setting.Values.Select(value => TrainingSettings.Section[setting.Name].Apply(training, SettingValue.OfNumber(value))))
                .ToList();
        }

        var trials = new List<TrialSpec>();
        for (var config = 1; config <= configurations.Count; config++)
        {
            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                trials.Add(new TrialSpec(trials.Count + 1, config, repeat, 1000UL + (ulong)trials.Count, configurations[config - 1]));
            }
        }

        var options = new SweepOptions { Name = "test-sweep", Repeats = repeats, Seed = 7 };
        return new SweepPlan(options, trials, swept, configurations.Count, "plan-hash-123");
    }

    /// <summary>A completed result of trial <paramref name="trialId"/> of <paramref name="plan"/>.</summary>
    public static TrialResult Completed(SweepPlan plan, int trialId, double accuracy, double loss = 0.5) =>
        ResultOf(plan, trialId, TrialStatus.Completed) with
        {
            ValidationAccuracy = accuracy,
            ValidationLoss = loss,
            BestValidationAccuracy = accuracy + 0.01,
            BestValidationLoss = loss - 0.01,
            BestEpoch = 8,
            TrainAccuracy = accuracy + 0.1,
            TrainLoss = loss / 2,
            EpochsRun = 10,
            Seconds = 1.23456,
        };

    /// <summary>A result of trial <paramref name="trialId"/> that did not complete (metrics NaN).</summary>
    public static TrialResult NotCompleted(SweepPlan plan, int trialId, TrialStatus status, string reason) =>
        ResultOf(plan, trialId, status) with
        {
            Reason = reason,
            Attempts = status == TrialStatus.Failed ? 2 : 1,
            EpochsRun = 3,
            Seconds = 0.5,
            Node = "127.0.0.1:41234",
        };

    /// <summary>A learning curve of <paramref name="points"/> evaluations every 10 epochs with recognisable values (trial × 1000 + epoch in the losses).</summary>
    public static LearningCurve Curve(int trialId, int points) =>
        new(Enumerable.Range(1, points).Select(i => new CurvePoint
        {
            Epoch = 10 * i,
            TrainDataLoss = (trialId * 1000) + (10 * i) + 0.1,
            RegularizationLoss = 1.0 / (3 * i),
            TrainEvalAccuracy = 0.5 + (i / 100.0),
            TrainEvalLoss = (trialId * 1000) + (10 * i) + 0.2,
            ValidationAccuracy = 0.4 + (i / 100.0),
            ValidationLoss = (trialId * 1000) + (10 * i) + 0.3,
            LearningRate = 0.05 / (1 + (5e-5 * 10 * i)),
        }).ToArray());

    public static SweepSummary Summary(bool complete = true) => new()
    {
        StartedAt = new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 11, 26, 15, 2, 0, TimeSpan.Zero),
        Complete = complete,
        Parallelism = 2,
        DatasetName = "spiral 1000×3",
        DatasetHash = "abc",
        ToolVersion = "9.9.9-test",
        Machine = "test-machine",
        Cores = 2,
    };

    private static TrialResult ResultOf(SweepPlan plan, int trialId, TrialStatus status)
    {
        var spec = plan.Trials[trialId - 1];
        return new TrialResult { TrialId = trialId, Configuration = spec.Configuration, Repeat = spec.Repeat, Seed = spec.Seed, Status = status };
    }
}
