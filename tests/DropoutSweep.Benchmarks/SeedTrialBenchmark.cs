using System.Globalization;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// <c>trial [rounds]</c>: where the seed configuration loses between the bare epoch and a sweep, without the host. Each
/// round, interleaved: the FMA peak; the bare epoch loop (<see cref="EpochWorkload"/>, no evaluation); one
/// <see cref="Trainer.Train"/> alone (2000 epochs, evaluation every 100, as a sweep's worker calls it); then one
/// <see cref="Trainer.Train"/> per core at once, in one process on one shared data set. Prints medians over the rounds:
/// ms/epoch (thread CPU time and wall), fraction of the peak (issue 13's 49.3 MFLOP per epoch), and each core's speed
/// with every core busy as a fraction of the trial alone.
/// </summary>
internal static class SeedTrialBenchmark
{
    private const double FlopPerEpoch = 49.3e6;

    public static void Run(int rounds)
    {
        var data = DatasetLoader.Load(new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 1000, Classes = 3, ValidationSamples = 100, Seed = 0 });
        var options = new TrainingOptions { Hidden = [512], Epochs = 2000, DropoutRate = 0.1, L2 = 5e-4, LearningRate = 0.05, Decay = 5e-5, EvaluateEvery = 100 };
        var cores = Environment.ProcessorCount;
        var peak = new List<double>();
        var bare = new List<double>();
        var soloCpu = new List<double>();
        var soloWall = new List<double>();
        var allCpu = new List<double>();
        var allWall = new List<double>();
        Trial(data, options, 1); // compile every path once
        for (var round = 0; round < rounds; round++)
        {
            peak.Add(FmaPeak.Measure(true));
            var workload = new EpochWorkload(EpochWorkload.Seed, TrainingPath.Fast);
            var cpu = ThreadClock.Seconds();
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                workload.RunEpoch();
            }

            bare.Add((ThreadClock.Seconds() - cpu) * 1e3 / options.Epochs);
            var solo = Trial(data, options, (ulong)(round + 2));
            soloCpu.Add(solo.Cpu);
            soloWall.Add(solo.Wall);
            var busy = new (double Cpu, double Wall)[cores];
            var threads = Enumerable.Range(0, cores).Select(i => new Thread(() => busy[i] = Trial(data, options, (ulong)((round * cores) + i + 100)))).ToArray();
            foreach (var thread in threads)
            {
                thread.Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            allCpu.Add(busy.Average(b => b.Cpu));
            allWall.Add(busy.Average(b => b.Wall));
            string Each(Func<(double Cpu, double Wall), double> figure) => string.Join(" ", busy.Select(b => figure(b).ToString("F4", CultureInfo.InvariantCulture)));
            Console.WriteLine(
                Invariant($"round {round + 1}: peak {peak[^1]:F1} GFLOP/s; bare epoch {bare[^1]:F4} ms (CPU); trial alone {solo.Cpu:F4} ms CPU, ") +
                Invariant($"{solo.Wall:F4} wall; {cores} at once {Each(b => b.Cpu)} CPU, {Each(b => b.Wall)} wall"));
        }

        var p = Median(peak);
        void Line(string what, double ms, string more = "") =>
            Console.WriteLine(Invariant($"{what,-40} {ms:F4} ms/epoch, {FlopPerEpoch / (ms / 1e3) / 1e9 / p:P1} of the peak{more}"));
        string OfAlone(List<double> alone, List<double> busy) => Invariant($"; each at {Median(alone.Zip(busy, (a, b) => a / b).ToList()):P1} of the trial alone");
        Console.WriteLine(Invariant($"medians of {rounds} rounds, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}: FMA peak {p:F1} GFLOP/s (Vector512, thread CPU time)"));
        Line("bare epoch loop (thread CPU)", Median(bare));
        Line("Trainer.Train alone (thread CPU)", Median(soloCpu), Invariant($"; {Median(soloCpu) / Median(bare):F3}x the bare epoch"));
        Line("Trainer.Train alone (wall)", Median(soloWall));
        // Wall time counts the slices other processes took from our threads; CPU time does not (on a quiet machine they agree).
        Line($"Trainer.Train, {cores} at once (thread CPU)", Median(allCpu), OfAlone(soloCpu, allCpu));
        Line($"Trainer.Train, {cores} at once (wall)", Median(allWall), OfAlone(soloWall, allWall));
    }

    private static (double Cpu, double Wall) Trial(Dataset data, TrainingOptions options, ulong seed)
    {
        var cpu = ThreadClock.Seconds();
        var result = Trainer.Train(data, options, seed);
        return ((ThreadClock.Seconds() - cpu) * 1e3 / result.EpochsRun, result.WallSeconds * 1e3 / result.EpochsRun);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
