using BenchmarkDotNet.Running;
using DropoutSweep.Benchmarks;

// `quick [epochs] [configuration...]` runs the manual timing; `html-report [trials...]` times report.html;
// anything else goes to BenchmarkDotNet (e.g. --filter '*TrainingEpoch*').
if (args.Length > 0 && args[0] == "quick")
{
    QuickTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000, args[2..]);
    return;
}

// `report-memory [trials]` prints what writing the report files of a sweep of that size costs in memory.
if (args.Length > 0 && args[0] == "report-memory")
{
    ReportMemory.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    return;
}

if (args.Length > 0 && args[0] == "html-report")
{
    HtmlReportTiming.Run(args[1..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
