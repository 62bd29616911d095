using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary><c>--dry-run</c>'s estimate: defined for a coordinator without local workers, and in agreement with itself.</summary>
[Collection(ExecutableCollection.Name)]
public sealed partial class DryRunTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_coordinator_only_dry_run_estimates_the_training_time_on_one_worker()
    {
        using var folder = new ScratchFolder();

        using var process = await SweepProcess.RunAsync(
            folder.Path, s_timeout, "run", "--config", "config/quick.json", "--listen", "127.0.0.1:0", "--coordinator-only", "--dry-run");

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Contains("parallelism 0", process.Output, StringComparison.Ordinal);
        var estimate = Estimate(process.Output);
        Assert.Equal(1, estimate.Workers);
        AssertAgrees(estimate, trials: 4, epochs: 200);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task The_estimate_of_a_large_plan_is_its_time_per_epoch_times_the_epochs_divided_over_the_workers()
    {
        using var folder = new ScratchFolder();

        // 100,000 identical networks (4 configurations × 25,000 repeats of config/quick.json, 200 epochs each).
        using var process = await SweepProcess.RunAsync(
            folder.Path, s_timeout, "--config", "config/quick.json", "--dry-run", "--parallelism", "2", "--Sweep:Repeats=25000");

        Assert.True(process.ExitCode == 0, process.ToString());
        var estimate = Estimate(process.Output);
        Assert.Equal(2, estimate.Workers);
        AssertAgrees(estimate, trials: 100_000, epochs: 200);
    }

    // trials × epochs × time per epoch ÷ workers, within the rounding of the printed figures: the time per epoch has
    // three significant digits (±0.5 %), the duration is whole seconds below an hour and whole minutes above.
    private static void AssertAgrees((double Seconds, int Trials, int Workers, double MillisecondsPerEpoch) estimate, int trials, int epochs)
    {
        Assert.Equal(trials, estimate.Trials);
        var expected = trials * epochs * estimate.MillisecondsPerEpoch / 1000 / estimate.Workers;
        var tolerance = (0.006 * expected) + (expected < 3600 ? 1 : 60);
        Assert.InRange(estimate.Seconds, expected - tolerance, expected + tolerance);
    }

    private static (double Seconds, int Trials, int Workers, double MillisecondsPerEpoch) Estimate(string output)
    {
        var match = EstimateLine().Match(output);
        Assert.True(match.Success, $"no estimate in:\n{output}");
        var duration = match.Groups["duration"].Value;
        var parts = DurationParts().Match(duration);
        Assert.True(parts.Success, $"unreadable duration '{duration}'");
        double Part(string name) => parts.Groups[name].Success ? double.Parse(parts.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = (Part("h") * 3600) + (Part("min") * 60) + Part("s");
        var workers = match.Groups["workers"].Success ? int.Parse(match.Groups["workers"].Value, CultureInfo.InvariantCulture) : 1;
        return (seconds, int.Parse(match.Groups["trials"].Value, CultureInfo.InvariantCulture), workers, double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"about (?<duration>[^()]+?) for (?<trials>\d+) trials on (?:(?<workers>\d+) workers|one worker)[^(]*\(calibrated on (?:\d+ × )?\d+ epochs of trial \d+: (?<ms>[\d.]+) ms per epoch\)")]
    private static partial Regex EstimateLine();

    [GeneratedRegex(@"^(?:(?<h>\d+) h)? ?(?:(?<min>\d+) min)? ?(?:(?<s>\d+) s)?$")]
    private static partial Regex DurationParts();
}
