using System.Diagnostics;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// <c>report-memory [trials]</c>: what writing the report files of a finished random sweep of tiny trials costs, with no
/// sweep around it: the plan and results (one curve point each, in a journal on disk) are made up front, then each
/// step's managed allocations, the heap it leaves and the process's peak working set are printed. For finding which
/// writer holds too much; the whole-process figures come from Scale/scale-benchmark.sh.
/// </summary>
internal static class ReportMemory
{
    public static void Run(int trials)
    {
        var options = new SweepOptions
        {
            Name = $"report-{trials}",
            Strategy = SearchStrategy.Random,
            Trials = trials,
            Dataset = new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 20, Classes = 3, ValidationFraction = 0.5, Seed = 0 },
            Training = new TrainingOptions { Hidden = [8], Epochs = 3, LearningRate = 0.02, Decay = 0 },
            Space =
            [
                new SweptParameter("DropoutRate", new ParameterRange { Min = 0, Max = 0.5 }),
                new SweptParameter("L2", new ParameterRange { Min = 1e-6, Max = 1e-2, Scale = RangeScale.Log }),
                new SweptParameter("LearningRate", new ParameterRange { Min = 0.002, Max = 0.05, Scale = RangeScale.Log }),
            ],
        };
        var plan = Step("plan", () => PlanBuilder.Build(options));
        var output = Directory.CreateTempSubdirectory("dropout-sweep-report-memory-").FullName;
        try
        {
            Step("plan.json", () => PlanFile.Write(output, plan, "probe"));
            var results = Step("results + journal", () =>
            {
                var list = new List<TrialResult>(trials);
                using var journal = TrialJournal.Open(output);
                foreach (var spec in plan.Trials)
                {
                    var accuracy = (spec.Seed % 1000) / 1000.0;
                    var result = new TrialResult
                    {
                        TrialId = spec.TrialId, Configuration = spec.Configuration, Repeat = spec.Repeat, Seed = spec.Seed, Status = TrialStatus.Completed,
                        ValidationAccuracy = accuracy, ValidationLoss = 1 - accuracy, BestValidationAccuracy = accuracy, BestValidationLoss = 1 - accuracy,
                        BestEpoch = 3, TrainAccuracy = accuracy, TrainLoss = 1, EpochsRun = 3, Seconds = 0.01,
                    };
                    list.Add(result);
                    journal.Write(result, new LearningCurve([new CurvePoint { Epoch = 3, TrainDataLoss = 1, ValidationAccuracy = accuracy, ValidationLoss = 1 - accuracy, LearningRate = 0.02 }]));
                }

                journal.Commit(); // one fsync, as the aggregator's group commit does for results that arrive together

                return list;
            });
            var summary = new SweepSummary { StartedAt = DateTimeOffset.Now, FinishedAt = DateTimeOffset.Now };
            Step("ranking (first)", () => Ranking.Build(plan, results));
            var ranking = Step("ranking", () => Ranking.Build(plan, results));
            var statistics = Step("statistics", () => Core.Results.Statistics.SweepStatistics.Of(ranking));
            Step("results.csv", () => ResultsCsvWriter.Write(output, ranking));
            Step("results.json", () => ResultsJsonWriter.Write(output, ranking, summary, statistics));
            Step("report.md", () => MarkdownReportWriter.Write(output, ranking, summary, statistics));
            Step("curves.csv", () => CurvesCsvWriter.Write(output, ranking));
            var ranked = Step("rank (all of it)", () => SweepReport.Rank(plan, results, data: null));
            Step("report.html alone", () => Core.Results.Html.HtmlReport.Write(output, ranked.Page).Count); // streamed to the file, with its PNGs
            Step("report files", () => SweepReport.Write(output, ranked, summary, [], networksNote: null));
            GC.KeepAlive(ranking);
            GC.KeepAlive(ranked);
            Step("journal read", () => TrialJournal.Read(output).Results.Count);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static void Step(string name, Action action) => Step<object?>(name, () =>
    {
        action();
        return null;
    });

    private static T Step<T>(string name, Func<T> step)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var value = step();
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var live = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"{name,-18} allocated {allocated / 1048576.0,8:F1} MB   live after {live / 1048576.0,7:F1} MB   peak working set {process.PeakWorkingSet64 / 1048576.0,7:F1} MB   {seconds,6:F2} s");
        return value;
    }
}
