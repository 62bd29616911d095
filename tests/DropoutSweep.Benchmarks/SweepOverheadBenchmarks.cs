using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// Actor overhead per trial: 1,000 one-epoch trials on a tiny spiral trained in a plain loop (baseline) and through the
/// sweep's actors with one worker (coordinator, worker, aggregator, journal fsync, report). Overhead per trial =
/// (actors − loop) / 1,000. <see cref="Journal"/> <c>memory</c> puts the output folder on /dev/shm, where the journal's
/// fsync costs next to nothing: the difference to <c>disk</c> is the fsync, the rest is the actors and a thread per trial.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class SweepOverheadBenchmarks
{
    private const int Trials = 1_000;
    private SweepPlan _plan = null!;
    private Dataset _data = null!;

    [Params("disk", "memory")]
    public string Journal { get; set; } = "disk";

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkSweeps.Spiral(samplesPerClass: 20);
        _plan = BenchmarkSweeps.Plan(Trials, epochs: 1, hidden: 8, samplesPerClass: 20);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Trials)]
    public double Trials_in_a_loop()
    {
        var sum = 0.0;
        foreach (var spec in _plan.Trials)
        {
            sum += Trainer.Train(_data, spec.Training, spec.Seed).ValidationLoss;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Trials)]
    public SweepOutcome Trials_through_the_actors() =>
        BenchmarkSweeps.Run(_plan, _data, parallelism: 1, outputRoot: Journal == "memory" ? "/dev/shm" : null);
}
