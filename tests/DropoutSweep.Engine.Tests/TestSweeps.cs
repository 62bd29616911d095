using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Engine.Tests;

/// <summary>Tiny hand-built data sets, trials and runs so that the specs train in milliseconds.</summary>
internal static class TestSweeps
{
    /// <summary>
    /// <c>serialize-messages = on</c> with the sweep's messages bound to <see cref="SweepMessageSerializer"/>, as the host
    /// binds them (<see cref="SweepSerialization"/>): plain TestKit systems would otherwise check them with Newtonsoft.
    /// </summary>
    public static string SerializeMessages { get; } =
        $$"""
        akka.actor.serialize-messages = on
        akka.actor.serializers.dropout-sweep = "{{typeof(SweepMessageSerializer).AssemblyQualifiedName}}"
        akka.actor.serialization-bindings {
        {{string.Join("\n", SweepMessageSerializer.Messages.Select(type => $"  \"{type.FullName}, {type.Assembly.GetName().Name}\" = dropout-sweep"))}}
        }
        """;

    /// <summary>Three well-separated blobs in 2-D, 20 training and 10 validation rows per class, from a fixed seed.</summary>
    public static Dataset Blobs()
    {
        var rng = new Rng(7);
        (float[] X, int[] Y) Part(int perClass)
        {
            var x = new float[perClass * 3 * 2];
            var y = new int[perClass * 3];
            for (var i = 0; i < y.Length; i++)
            {
                var label = i % 3;
                y[i] = label;
                x[2 * i] = (float)(Math.Cos(label * 2.1) + (0.3 * rng.NextGaussian()));
                x[(2 * i) + 1] = (float)(Math.Sin(label * 2.1) + (0.3 * rng.NextGaussian()));
            }

            return (x, y);
        }

        var train = Part(20);
        var validation = Part(10);
        return new Dataset("blobs 3×30", 2, 3, train.X, train.Y, validation.X, validation.Y, "blobs-test");
    }

    /// <summary>Small, fast training settings.</summary>
    public static TrainingOptions Training(int epochs = 5) => new()
    {
        Hidden = [8],
        Epochs = epochs,
        LearningRate = 0.05,
        Decay = 0,
        DropoutRate = 0.1,
        L2 = 0,
        EvaluateEvery = 1,
    };

    /// <summary>A grid over dropout × learning rate (with <paramref name="repeats"/> seeds each), numbered like a real plan.</summary>
    public static SweepPlan Plan(int configurations, int repeats = 1, int epochs = 5, int maxAttempts = 2, TimeSpan? trialTimeout = null, Func<int, TrainingOptions, TrainingOptions>? adjust = null)
    {
        var options = new SweepOptions { Name = "spec-sweep", Seed = 42, Repeats = repeats, MaxAttempts = maxAttempts, TrialTimeout = trialTimeout, Training = Training(epochs) };
        var trials = new List<TrialSpec>();
        for (var config = 0; config < configurations; config++)
        {
            var training = options.Training with { DropoutRate = 0.1 * (config % 3), LearningRate = 0.02 * (1 + (config / 3)) };
            training = adjust?.Invoke(config, training) ?? training;
            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                var id = trials.Count + 1;
                trials.Add(new TrialSpec(id, config + 1, repeat, PlanBuilder.TrialSeed(SeedMode.PerTrial, options.Seed, config + 1, repeat), training));
            }
        }

        return new SweepPlan(options, trials, ["DropoutRate", "LearningRate"], configurations, $"spec-{configurations}x{repeats}");
    }

    /// <summary>One trial spec, for protocol specs that do not train.</summary>
    public static TrialSpec Spec(int trialId) => new(trialId, trialId, 1, (ulong)trialId * 1_000_003UL, Training());

    /// <summary>A run of <paramref name="plan"/> into a fresh temporary output folder.</summary>
    public static SweepRun Run(SweepPlan plan, int parallelism, IReadOnlyList<TrialResult>? alreadyDone = null) => new()
    {
        Plan = plan,
        Data = Blobs(),
        OutputDirectory = TemporaryFolders.Create("sweep-"),
        Parallelism = parallelism,
        AlreadyDone = alreadyDone ?? [],
        ProgressEvery = 2,
    };

    /// <summary>A finished result as a worker would send it.</summary>
    public static TrialResult Completed(TrialSpec spec, double accuracy, double loss = 0.5, string node = NodeName.Local) => TrialResults.Of(spec, TrialStatus.Completed) with
    {
        ValidationAccuracy = accuracy,
        ValidationLoss = loss,
        BestValidationAccuracy = accuracy,
        BestValidationLoss = loss,
        BestEpoch = 5,
        TrainAccuracy = accuracy,
        TrainLoss = loss,
        EpochsRun = 5,
        Seconds = 0.01,
        Node = node,
    };
}
