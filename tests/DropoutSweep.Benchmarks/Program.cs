using BenchmarkDotNet.Running;
using DropoutSweep.Benchmarks;

// `quick [epochs] [configuration...]` runs the manual timing; anything else goes to BenchmarkDotNet (e.g. --filter '*TrainingEpoch*').
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

if (args.Length > 0 && args[0] == "quick")
{
    QuickTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000, args[2..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
