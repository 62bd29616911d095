using BenchmarkDotNet.Attributes;
using DropoutSweep.Core.Nn;

namespace DropoutSweep.Benchmarks;

/// <summary>Milliseconds per training epoch of the fast and the reference path (one thread), with allocations.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TrainingEpochBenchmarks
{
    private EpochWorkload _fast = null!;
    private EpochWorkload _reference = null!;

    [Params(EpochWorkload.Seed, EpochWorkload.Chapter15, EpochWorkload.Mnist)]
    public string Configuration { get; set; } = EpochWorkload.Seed;

    [GlobalSetup]
    public void Setup()
    {
        _fast = new EpochWorkload(Configuration, TrainingPath.Fast);
        _reference = new EpochWorkload(Configuration, TrainingPath.Reference);
    }

    [Benchmark(Baseline = true)]
    public double FastPath() => _fast.RunEpoch();

    [Benchmark]
    public double ReferencePath() => _reference.RunEpoch();
}
