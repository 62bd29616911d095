using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine;

namespace DropoutSweep.Tests.Progress;

/// <summary>A small real sweep (3 configurations of DropoutRate, 500 epochs each) for the progress display's specs.</summary>
internal static class ProgressFixtures
{
    /// <summary>Trials are numbered configuration by configuration: with 2 repeats, trials 3 and 4 are DropoutRate 0.1.</summary>
    public static SweepRun Run(int repeats = 1)
    {
        var options = new SweepOptions
        {
            Name = "specs",
            Repeats = repeats,
            Dataset = new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 10, Classes = 2, ValidationFraction = 0.5 },
            Training = new TrainingOptions { Epochs = 500, Hidden = [4] },
            Space = [new SweptParameter("DropoutRate", new ParameterRange { Values = [0, 0.1, 0.2] })],
        };
        return new SweepRun
        {
            Plan = PlanBuilder.Build(options),
            Data = DatasetLoader.Load(options.Dataset),
            OutputDirectory = Path.Combine(Path.GetTempPath(), "never-written"),
            Parallelism = 2,
        };
    }

    public static TrialProgressed Epoch(int trial, int epoch, double? validationAccuracy) =>
        new(trial, new TrainingProgress(epoch, 500, 0.5, 0.8, validationAccuracy is null ? null : 0.4, validationAccuracy));
}
