using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// Flat memory: a sweep of 10,000 tiny trials against one of 100. Each case runs in its own process, so the process's
/// peak working set (printed at the end as "PeakWorkingSetMB") compares the two.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class SweepMemoryBenchmarks
{
    private SweepPlan _plan = null!;
    private Dataset _data = null!;

    [Params(100, 10_000)]
    public int Trials { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkSweeps.Spiral(samplesPerClass: 20);
        _plan = BenchmarkSweeps.Plan(Trials, epochs: 3, hidden: 8, samplesPerClass: 20);
    }

    [Benchmark]
    public SweepOutcome Tiny_trials() => BenchmarkSweeps.Run(_plan, _data, parallelism: 2);

    [GlobalCleanup]
    public void ReportPeakWorkingSet()
    {
        // Peak working set includes garbage the GC had not collected yet; the heap after a full collection is what stays.
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// PeakWorkingSetMB trials={Trials}: {process.PeakWorkingSet64 / (1024.0 * 1024.0):F1}; heap after the sweep {retained / (1024.0 * 1024.0):F1} MB");
    }
}
