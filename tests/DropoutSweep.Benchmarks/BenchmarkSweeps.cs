using Akka.Actor;
using Akka.Configuration;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine;

namespace DropoutSweep.Benchmarks;

/// <summary>Plans, data and a host-free sweep runner shared by the sweep-engine benchmarks.</summary>
internal static class BenchmarkSweeps
{
    /// <summary>A small spiral (<paramref name="samplesPerClass"/> points per class, 3 classes, half held out).</summary>
    public static Dataset Spiral(int samplesPerClass) => DatasetLoader.Load(SpiralOptions(samplesPerClass));

    private static DatasetOptions SpiralOptions(int samplesPerClass) =>
        new() { Kind = DatasetKind.Spiral, Samples = samplesPerClass, Classes = 3, ValidationFraction = 0.5, Seed = 0 };

    /// <summary>A grid of 10 dropout rates × enough repeats for <paramref name="trials"/> trials of the given size, on <see cref="Spiral"/>'s data.</summary>
    public static SweepPlan Plan(int trials, int epochs, int hidden, int samplesPerClass)
    {
        var options = new SweepOptions
        {
            Dataset = SpiralOptions(samplesPerClass),
            Name = $"bench-{trials}",
            Repeats = Math.Max(1, trials / 10),
            Training = new TrainingOptions { Hidden = [hidden], Epochs = epochs, EvaluateEvery = epochs, LearningRate = 0.02, Decay = 0 },
            Space = [new SweptParameter("DropoutRate", new ParameterRange { Values = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45] })],
        };
        return PlanBuilder.Build(options);
    }

    /// <summary>
    /// Runs the sweep in a bare actor system (no generic host, Akka logging at WARNING) and waits for its outcome. The
    /// output folder is a new one below <paramref name="outputRoot"/> (default: the temporary folder, on disk).
    /// </summary>
    public static SweepOutcome Run(SweepPlan plan, Dataset data, int parallelism, string? outputRoot = null)
    {
        var output = Directory.CreateDirectory(Path.Combine(outputRoot ?? Path.GetTempPath(), $"dropout-sweep-bench-{Guid.NewGuid():N}"));
        try
        {
            var run = new SweepRun { Plan = plan, Data = data, OutputDirectory = output.FullName, Parallelism = parallelism, ProgressEvery = 0 };
            var system = ActorSystem.Create(SweepActorSystem.Name, ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(SweepActorSystem.Hocon));
            var completion = new SweepCompletion();
            SweepActors.Start(system, run, completion, new TrainerTrialRunner());
            var outcome = completion.Task.GetAwaiter().GetResult();
            system.Terminate().GetAwaiter().GetResult();
            if (outcome.Finished != plan.Trials.Count)
            {
                throw new InvalidOperationException($"The benchmark sweep finished {outcome.Finished} of {plan.Trials.Count} trials.");
            }

            return outcome;
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
