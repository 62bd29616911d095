using System.Diagnostics;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Fast;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// A fast manual measurement (<c>quick [epochs] [configuration...] [--fast-only] [--simd Vector256|Scalar]</c>): median
/// ms per epoch of both paths and the bytes allocated per epoch, timed epoch by epoch after a warm-up. "cpu" is the
/// process's CPU time per epoch; "quietest-window median" is the lowest median of 20 consecutive windows of epochs, the
/// figure least disturbed by other load on a shared machine. For when a BenchmarkDotNet run is too long.
/// </summary>
internal static class QuickTiming
{
    public static void Run(int epochs, string[] args)
    {
        var fastOnly = args.Contains("--fast-only");
        var simdAt = Array.IndexOf(args, "--simd");
        var simd = simdAt >= 0 ? Enum.Parse<SimdWidth>(args[simdAt + 1]) : SimdWidth.Widest;
        var configurations = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (simdAt < 0 || i != simdAt + 1)).ToArray();
        foreach (var configuration in configurations.Length > 0 ? configurations : [EpochWorkload.Seed, EpochWorkload.Chapter15, EpochWorkload.Mnist])
        {
            foreach (var path in new[] { TrainingPath.Fast, TrainingPath.Reference })
            {
                var count = path == TrainingPath.Fast ? epochs : Math.Max(5, epochs / 100);
                if (path == TrainingPath.Reference && fastOnly)
                {
                    continue;
                }

                var workload = new EpochWorkload(configuration, path, simd);
                for (var i = 0; i < Math.Max(3, count / 10); i++)
                {
                    workload.RunEpoch();
                }

                var times = new double[count];
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < count; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    workload.RunEpoch();
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                var window = Math.Max(5, count / 20);
                var quietest = Enumerable.Range(0, count / window)
                    .Select(w => times.Skip(w * window).Take(window).Order().ElementAt(window / 2))
                    .Min();
                var cpuPerEpoch = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count;
                if (args.Contains("--windows"))
                {
                    // The median of every window of epochs in training order: a kernel that slows as training goes on shows.
                    Console.WriteLine(string.Join(" ", Enumerable.Range(0, count / window).Select(w => times.Skip(w * window).Take(window).Order().ElementAt(window / 2).ToString("F3", System.Globalization.CultureInfo.InvariantCulture))));
                }

                times = [.. times.Order()];
                Console.WriteLine(
                    $"{configuration,-22} {path,-9} median {times[count / 2],9:F4} ms/epoch  quietest-window median {quietest,9:F4}  min {times[0],9:F4}  cpu {cpuPerEpoch,9:F4}  " +
                    $"allocated {(double)allocated / count:F1} B/epoch  ({count} epochs)");
            }
        }
    }
}
