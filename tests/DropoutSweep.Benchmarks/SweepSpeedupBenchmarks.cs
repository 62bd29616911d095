using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine;

namespace DropoutSweep.Benchmarks;

/// <summary>An 8-trial sweep of about a second per trial at parallelism 1 and 2: the speed-up on a 2-core machine (target ≥ 1.8×).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class SweepSpeedupBenchmarks
{
    private SweepPlan _plan = null!;
    private Dataset _data = null!;

    [Params(1, 2)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkSweeps.Spiral(samplesPerClass: 300);
        _plan = BenchmarkSweeps.Plan(8, epochs: 2000, hidden: 64, samplesPerClass: 300);
    }

    [Benchmark]
    public SweepOutcome Eight_trials() => BenchmarkSweeps.Run(_plan, _data, Parallelism);
}
