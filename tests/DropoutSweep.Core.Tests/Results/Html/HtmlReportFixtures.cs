using System.Globalization;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Results.Statistics;
using DropoutSweep.Core.Tests.Nn;

namespace DropoutSweep.Core.Tests.Results.Html;

/// <summary>
/// Report inputs shaped like real sweeps: a grid or random search over DropoutRate, L2 and LearningRate whose
/// accuracies follow a smooth surface plus seeded noise, learning curves for every trial, and decision regions of two
/// networks really trained on the spiral (dropout 0.1 and 0).
/// </summary>
internal static class HtmlReportFixtures
{
    public static readonly ReportSetting[] Settings = [new("DropoutRate"), new("L2", LogScale: true), new("LearningRate", LogScale: true)];

    /// <summary>A grid of 3 dropout rates × 2 L2 × 2 learning rates (12 configurations), <paramref name="repeats"/> repeats each.</summary>
    public static HtmlReportModel Grid(int repeats, bool withRegions = true)
    {
        double[][] values = [[0.0, 0.1, 0.3], [1e-4, 5e-4], [0.01, 0.05]];
        var configurations = values[0].SelectMany(d => values[1].SelectMany(l2 => values[2].Select(lr => new[] { d, l2, lr }))).ToArray();
        return Build("grid-fixture", isGrid: true, configurations, repeats, withRegions);
    }

    /// <summary>A random search of <paramref name="configurations"/> draws, <paramref name="repeats"/> repeats each.</summary>
    public static HtmlReportModel Random(int configurations, int repeats, bool withCurves = true, bool withRegions = false)
    {
        var rng = new Rng(11);
        var draws = Enumerable.Range(0, configurations)
            .Select(_ => new[] { 0.5 * rng.NextDouble(), Math.Pow(10, -5 + (3 * rng.NextDouble())), Math.Pow(10, -3 + (2 * rng.NextDouble())) })
            .ToArray();
        return Build("random-fixture", isGrid: false, draws, repeats, withRegions, withCurves);
    }

    /// <summary>The smooth accuracy surface: best near dropout 0.15, L2 1e-4, learning rate 0.03.</summary>
    public static double Surface(double[] values) =>
        0.9 - (0.8 * Math.Pow(values[0] - 0.15, 2)) - (0.02 * Math.Pow(Math.Log10(values[1]) + 4, 2)) - (0.03 * Math.Pow(Math.Log10(values[2]) + 1.5, 2));

    private static HtmlReportModel Build(string title, bool isGrid, double[][] configurations, int repeats, bool withRegions, bool withCurves = true)
    {
        var trials = new List<ReportTrial>();
        var curves = new Dictionary<int, LearningCurve>();
        for (var c = 0; c < configurations.Length; c++)
        {
            for (var r = 1; r <= repeats; r++)
            {
                // Repeat r shares its noise seed across configurations, as common random numbers would.
                var noise = new Rng(Rng.Mix(7, (ulong)r, (ulong)c));
                var accuracy = Math.Round(Surface(configurations[c]) + (0.01 * noise.NextGaussian()), 4);
                var loss = 0.2 + (2 * (0.95 - accuracy)) + (0.01 * noise.NextGaussian());
                var trial = new ReportTrial(trials.Count + 1, c + 1, r, "Completed", accuracy, loss);
                trials.Add(trial);
                if (withCurves)
                {
                    var gap = 0.12 * (0.35 - configurations[c][0]);
                    var points = new List<CurvePoint>();
                    for (var epoch = 10; epoch <= 200; epoch += 10)
                    {
                        var progress = 1 - Math.Exp(-epoch / 40.0);
                        var validation = 0.33 + ((accuracy - 0.33) * progress);
                        points.Add(new CurvePoint
                        {
                            Epoch = epoch,
                            TrainDataLoss = 1.1 - (0.9 * progress),
                            RegularizationLoss = 0.01,
                            TrainEvalAccuracy = Math.Min(1, validation + (gap * progress)),
                            TrainEvalLoss = 1.1 - ((1.1 - loss + gap) * progress),
                            ValidationAccuracy = validation,
                            ValidationLoss = 1.1 - ((1.1 - loss) * progress),
                            LearningRate = 0.05,
                        });
                    }

                    curves[trial.Trial] = new LearningCurve(points.ToArray());
                }
            }
        }

        var outcomes = trials.Select(t => new TrialOutcome(t.Configuration, t.Repeat, t.ValidationAccuracy, t.ValidationLoss)).ToArray();
        var order = trials.GroupBy(t => t.Configuration)
            .OrderByDescending(g => g.Average(t => t.ValidationAccuracy))
            .ThenBy(g => g.Average(t => t.ValidationLoss))
            .ThenBy(g => g.Key)
            .Select(g => g.Key)
            .ToArray();
        var statistics = ConfigurationComparison.Compute(order, outcomes, ComparisonTest.PairedT);
        var ranked = statistics.Select(s => new ReportConfiguration(
                s,
                configurations[s.Configuration - 1].Select(v => new ReportSettingValue(v, v.ToString("R", CultureInfo.InvariantCulture))).ToArray(),
                configurations[s.Configuration - 1][0]))
            .ToArray();

        var model = new HtmlReportModel
        {
            Title = title,
            IsGrid = isGrid,
            Test = repeats >= 2 ? ComparisonTest.PairedT : null,
            Settings = Settings,
            Configurations = ranked,
            Trials = trials,
            Curves = curves,
            Facts = [new("Data set", "spiral 100×3"), new("Trials", trials.Count.ToString(CultureInfo.InvariantCulture)), new("Strategy", isGrid ? "Grid" : "Random")],
        };
        return withRegions ? WithRegions(model) : model;
    }

    /// <summary>Adds the spiral's training points and two trained networks as the best and the lowest-dropout panels.</summary>
    public static HtmlReportModel WithRegions(HtmlReportModel model)
    {
        var data = TrainedNetworks.Spiral();
        var best = model.Configurations[0];
        var lowest = HtmlReport.Comparison(model)!;
        SavedModel Trained(double dropout) =>
            SavedModel.FromParameters(TrainedNetworks.Train(data, dropout).GetParameters(), ["x", "y"], null, ["0", "1", "2"], FeatureScaling.Identity(2));
        return model with
        {
            Points = new TrainingPoints(data.TrainX.Select(v => (double)v).ToArray(), data.TrainY),
            DecisionRegions = [new(best.Configuration, Trained(0.1)), new(lowest.Configuration, Trained(0.0))],
        };
    }
}
