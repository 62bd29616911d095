using System.Diagnostics;
using System.Globalization;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Results.Statistics;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// <c>html-report [trials...]</c>: time to write report.html and charts/*.png for synthetic random sweeps of two
/// repeats per configuration (three swept settings, learning curves of the drawn trials, decision regions of a 2→64→3
/// network), each size written three times in turn; prints wall and CPU seconds (the first write includes JIT) and the
/// page's size.
/// </summary>
internal static class HtmlReportTiming
{
    public static void Run(IReadOnlyList<int> trialCounts)
    {
        var sizes = trialCounts.Count > 0 ? trialCounts : [1_000, 100_000];
        var models = sizes.Select(Model).ToArray();
        var folder = Directory.CreateTempSubdirectory("html-report-timing-").FullName;
        try
        {
            var process = Process.GetCurrentProcess();
            for (var round = 1; round <= 3; round++)
            {
                for (var i = 0; i < sizes.Count; i++)
                {
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    HtmlReport.Write(folder, models[i]);
                    var wall = watch.Elapsed.TotalSeconds;
                    process.Refresh();
                    var bytes = new FileInfo(Path.Combine(folder, HtmlReport.FileName)).Length;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"round {round}: {sizes[i],7:N0} trials: {wall:F2} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s CPU, report.html {bytes / 1e6:F2} MB"));
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HtmlReportModel Model(int trials)
    {
        var configurations = Math.Max(1, trials / 2);
        var rng = new Rng(11);
        var values = Enumerable.Range(0, configurations)
            .Select(_ => new[] { 0.5 * rng.NextDouble(), Math.Pow(10, -5 + (3 * rng.NextDouble())), Math.Pow(10, -3 + (2 * rng.NextDouble())) })
            .ToArray();
        var reportTrials = new List<ReportTrial>(configurations * 2);
        for (var c = 0; c < configurations; c++)
        {
            var surface = 0.9 - (0.8 * Math.Pow(values[c][0] - 0.15, 2)) - (0.02 * Math.Pow(Math.Log10(values[c][1]) + 4, 2));
            for (var r = 1; r <= 2; r++)
            {
                var accuracy = surface + (0.01 * rng.NextGaussian());
                reportTrials.Add(new ReportTrial(reportTrials.Count + 1, c + 1, r, "Completed", accuracy, 1.2 - accuracy));
            }
        }

        var order = reportTrials.GroupBy(t => t.Configuration).OrderByDescending(g => g.Average(t => t.ValidationAccuracy)).Select(g => g.Key).ToArray();
        var statistics = ConfigurationComparison.Compute(order, reportTrials.Select(t => new TrialOutcome(t.Configuration, t.Repeat, t.ValidationAccuracy, t.ValidationLoss)).ToArray(), ComparisonTest.PairedT);
        var model = new HtmlReportModel
        {
            Title = $"synthetic {trials:N0}",
            IsGrid = false,
            Test = ComparisonTest.PairedT,
            Settings = [new("DropoutRate"), new("L2", LogScale: true), new("LearningRate", LogScale: true)],
            Configurations = statistics.Select(s => new ReportConfiguration(s, values[s.Configuration - 1].Select(v => new ReportSettingValue(v, v.ToString("R", CultureInfo.InvariantCulture))).ToArray(), values[s.Configuration - 1][0])).ToArray(),
            Trials = reportTrials,
        };
        var curves = HtmlReport.CurveTrials(model).ToDictionary(
            trial => trial,
            _ => new LearningCurve(Enumerable.Range(1, 20).Select(k => new CurvePoint
            {
                Epoch = k * 50,
                TrainDataLoss = 1 - (0.03 * k),
                RegularizationLoss = 0.01,
                TrainEvalAccuracy = 0.4 + (0.025 * k),
                TrainEvalLoss = 1 - (0.03 * k),
                ValidationAccuracy = 0.38 + (0.024 * k),
                ValidationLoss = 1.05 - (0.028 * k),
                LearningRate = 0.02,
            }).ToArray()));
        var pointRng = new Rng(3);
        var points = Enumerable.Range(0, 600).SelectMany(_ => new[] { pointRng.NextGaussian(), pointRng.NextGaussian() }).ToArray();
        var labels = Enumerable.Range(0, 600).Select(i => i % 3).ToArray();
        var network = new SavedModel(
            ["x", "y"],
            null,
            ["0", "1", "2"],
            FeatureScaling.Identity(2),
            [
                new SavedLayer(2, 64, Enumerable.Range(0, 128).Select(_ => pointRng.NextGaussian()).ToArray(), new double[64]),
                new SavedLayer(64, 3, Enumerable.Range(0, 192).Select(_ => pointRng.NextGaussian()).ToArray(), new double[3]),
            ]);
        var regions = HtmlReport.RegionTrials(model).Select(t => new DecisionRegionPanel(t.Configuration, network)).ToArray();
        return model with { Curves = curves, Points = new TrainingPoints(points, labels), DecisionRegions = regions };
    }
}
