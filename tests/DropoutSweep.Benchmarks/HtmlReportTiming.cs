using System.Diagnostics;
using System.Globalization;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// <c>html-report [trials...]</c>: the time a finished sweep takes to write its report, as the aggregator does it:
/// <see cref="SweepReport.Rank"/>, then <see cref="SweepReport.Write(string, RankedSweep, SweepSummary, IReadOnlyList{TrialNetwork}, string?)"/>
/// (results.csv, results.json, curves.csv from the journal, report.html with charts/*.png, report.md, best-model.json).
/// Each size is a random sweep of two repeats per configuration over DropoutRate, L2 (log) and LearningRate (log) on
/// the spiral, with a journal on disk holding every trial's 21-point learning curve, and two real 2 → 512 → 3 networks
/// (trained 3 epochs) for the decision regions. Sizes are written in turn, three rounds; prints wall and CPU seconds
/// of the whole report and of report.html alone (the first round includes JIT) and the page's size.
/// </summary>
internal static class HtmlReportTiming
{
    public static void Run(IReadOnlyList<int> trialCounts)
    {
        var sizes = trialCounts.Count > 0 ? trialCounts : [1_000, 100_000];
        var folders = new List<string>();
        try
        {
            var sweeps = sizes.Select(trials =>
            {
                var folder = Directory.CreateTempSubdirectory("html-report-timing-").FullName;
                folders.Add(folder);
                return Prepare(trials, folder);
            }).ToArray();
            var process = Process.GetCurrentProcess();
            for (var round = 1; round <= 3; round++)
            {
                for (var i = 0; i < sizes.Count; i++)
                {
                    var (folder, plan, results, data) = sweeps[i];
                    // The networks are trained outside the clocks: the report's own work is ranking plus writing.
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    var ranked = SweepReport.Rank(plan, results, data);
                    var ranking = watch.Elapsed;
                    var networks = ranked.NetworkTrials.Select(spec => new TrialNetwork(spec.TrialId, TrainedNetwork.Train(data, spec.Training with { Epochs = 3 }, spec.Seed).Model!)).ToArray();
                    process.Refresh();
                    cpu = process.TotalProcessorTime;
                    watch.Restart();
                    var summary = new SweepSummary { StartedAt = DateTimeOffset.Now, FinishedAt = DateTimeOffset.Now, DatasetName = data.Name };
                    SweepReport.Write(folder, ranked, summary, networks, networksNote: null);
                    var writing = watch.Elapsed;
                    process.Refresh();
                    var page = new FileInfo(Path.Combine(folder, HtmlReport.FileName)).Length;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"round {round}: {sizes[i],7:N0} trials: report {(ranking + writing).TotalSeconds:F2} s wall (rank {ranking.TotalSeconds:F2} s, write {writing.TotalSeconds:F2} s; CPU {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s writing), report.html {page / 1e6:F2} MB, charts {Directory.GetFiles(Path.Combine(folder, HtmlReport.ChartsFolder)).Length}"));
                }
            }
        }
        finally
        {
            foreach (var folder in folders)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static (string Folder, SweepPlan Plan, IReadOnlyList<TrialResult> Results, Dataset Data) Prepare(int trials, string folder)
    {
        var options = new SweepOptions
        {
            Name = $"report-{trials}",
            Strategy = SearchStrategy.Random,
            Trials = Math.Max(1, trials / 2),
            Repeats = 2,
            Dataset = new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 100, Classes = 3, ValidationFraction = 0.5, Seed = 0 },
            Training = new TrainingOptions { Hidden = [512], Epochs = 2000, EvaluateEvery = 100, LearningRate = 0.02 },
            Space =
            [
                new SweptParameter("DropoutRate", new ParameterRange { Min = 0, Max = 0.5 }),
                new SweptParameter("L2", new ParameterRange { Min = 1e-6, Max = 1e-2, Scale = RangeScale.Log }),
                new SweptParameter("LearningRate", new ParameterRange { Min = 0.002, Max = 0.05, Scale = RangeScale.Log }),
            ],
        };
        var data = DatasetLoader.Load(options.Dataset);
        var plan = PlanBuilder.Build(options, data.ContentHash);
        PlanFile.Write(folder, plan, "benchmark");
        var results = new List<TrialResult>(plan.Trials.Count);
        var rng = new Core.Randomness.Rng(11);
        using var journal = TrialJournal.Open(folder);
        foreach (var spec in plan.Trials)
        {
            // A smooth surface (best near dropout 0.15, L2 1e-4, learning rate 0.02) plus noise.
            var t = spec.Training;
            var accuracy = 0.9 - (0.8 * Math.Pow(t.DropoutRate - 0.15, 2)) - (0.02 * Math.Pow(Math.Log10(t.L2) + 4, 2)) - (0.03 * Math.Pow(Math.Log10(t.LearningRate) + 1.7, 2)) + (0.01 * rng.NextGaussian());
            var result = new TrialResult
            {
                TrialId = spec.TrialId, Configuration = spec.Configuration, Repeat = spec.Repeat, Seed = spec.Seed, Status = TrialStatus.Completed,
                ValidationAccuracy = accuracy, ValidationLoss = 1.2 - accuracy, BestValidationAccuracy = accuracy, BestValidationLoss = 1.2 - accuracy,
                BestEpoch = 2000, TrainAccuracy = accuracy + 0.05, TrainLoss = 1.1 - accuracy, EpochsRun = 2000, Seconds = 1,
            };
            results.Add(result);
            journal.Write(result, new LearningCurve(Enumerable.Range(1, 20).Select(k => new CurvePoint
            {
                Epoch = k * 100,
                TrainDataLoss = 1 - (0.03 * k),
                RegularizationLoss = 0.01,
                TrainEvalAccuracy = Math.Min(1, accuracy * (0.5 + (0.026 * k))),
                TrainEvalLoss = 1 - (0.035 * k),
                ValidationAccuracy = accuracy * (0.5 + (0.025 * k)),
                ValidationLoss = 1.25 - (0.025 * k),
                LearningRate = 0.02 / (1 + (1e-4 * k * 100)),
            }).ToArray()));
        }

        journal.Commit();
        return (folder, plan, results, data);
    }
}
