using BenchmarkDotNet.Running;
using DropoutSweep.Benchmarks;

// Manual timings, by the first argument: `peak` (the FMA peak), `kernels [rounds]` (each kernel as a fraction of it),
// `fashion [--epochs N] ...` (a Fashion-MNIST epoch, as Reference/torch_fashion.py trains it), `trial [rounds]`
// (Trainer.Train on the seed configuration against the bare epoch loop, alone and on every core at once),
// `quick [epochs] [configuration...]` (ms per epoch of both paths), `html-report [trials...]` (times the report files,
// report.html and its charts included); anything else goes to BenchmarkDotNet (e.g. --filter '*TrainingEpoch*').
if (args.Length > 0 && args[0] == "peak")
{
    for (var i = 0; i < 3; i++)
    {
        Console.WriteLine($"Vector512 {FmaPeak.Measure(true):F1} GFLOP/s, Vector256 {FmaPeak.Measure(false):F1} GFLOP/s");
    }

    return;
}

if (args.Length > 0 && args[0] == "kernels")
{
    KernelBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

if (args.Length > 0 && args[0] == "fashion")
{
    FashionBenchmark.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "trial")
{
    SeedTrialBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

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

// `halving-compare FULL HALVING`: the measurement of successive halving against the full grid (output folders).
if (args.Length > 2 && args[0] == "halving-compare")
{
    HalvingComparison.Run(args[1], args[2]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
