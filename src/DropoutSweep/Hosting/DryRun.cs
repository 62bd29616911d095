using System.Diagnostics;
using System.Globalization;
using System.Text;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Hosting;

/// <summary>
/// <c>--dry-run</c>: prints the validated plan (size, first rows) and an estimated duration, and writes nothing. The
/// estimate is calibrated by training the first trial's network for a few epochs in memory, then scaled to every
/// trial by its epochs, rows and weights, and divided over the workers.
/// </summary>
internal static class DryRun
{
    private const int RowsShown = 10;
    // Enough epochs for the JIT to reach its optimised code before timing (tiered compilation starts unoptimised).
    private const int CalibrationEpochs = 30;

    public static int Print(PreparedSweep sweep, TextWriter output)
    {
        var plan = sweep.Plan;
        var options = plan.Options;
        var data = sweep.Data;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Sweep {options.Name}: {plan.Trials.Count} trials ({options.Strategy}: {plan.Configurations} configurations × {options.Repeats} repeats), parallelism {sweep.Parallelism}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Data: {data.Name} ({data.TrainRows} training rows, {data.ValidationRows} validation rows, {data.Features} features, {data.Classes} classes)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Sweep file: {sweep.Configuration.SweepFile}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Output: {sweep.OutputDirectory} (dry run: nothing written)");
        if (sweep.AlreadyDone.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Resuming: {sweep.AlreadyDone.Count} of {plan.Trials.Count} trials already done");
        }

        AppendRows(text, plan);
        text.AppendLine(Estimate(sweep));
        output.Write(text.ToString());
        return ExitCodes.Completed;
    }

    private static void AppendRows(StringBuilder text, SweepPlan plan)
    {
        var columns = new List<(string Header, Func<TrialSpec, string> Value)>
        {
            ("trial", t => t.TrialId.ToString(CultureInfo.InvariantCulture)),
            ("config", t => t.Configuration.ToString(CultureInfo.InvariantCulture)),
            ("repeat", t => t.Repeat.ToString(CultureInfo.InvariantCulture)),
            ("seed", t => t.Seed.ToString(CultureInfo.InvariantCulture)),
        };
        columns.AddRange(plan.SweptSettings.Select(name => TrainingSettings.Section[name]).Select(setting =>
            (setting.Column, (Func<TrialSpec, string>)(t => setting.Format(t.Training)))));
        var shown = plan.Trials.Take(RowsShown).ToList();
        var widths = columns.Select(c => shown.Select(c.Value).Append(c.Header).Max(v => v.Length)).ToList();
        text.AppendLine();
        text.AppendLine("  " + string.Join("  ", columns.Select((c, i) => c.Header.PadLeft(widths[i]))));
        foreach (var trial in shown)
        {
            text.AppendLine("  " + string.Join("  ", columns.Select((c, i) => c.Value(trial).PadLeft(widths[i]))));
        }

        if (plan.Trials.Count > shown.Count)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ... {plan.Trials.Count - shown.Count} more (first {shown.Count} of {plan.Trials.Count} shown)");
        }

        text.AppendLine();
    }

    private static string Estimate(PreparedSweep sweep)
    {
        var done = sweep.AlreadyDone.Select(r => r.TrialId).ToHashSet();
        var remaining = sweep.Plan.Trials.Where(t => !done.Contains(t.TrialId)).ToList();
        if (remaining.Count == 0)
        {
            return "Estimated duration: nothing left to train (every trial is already done).";
        }

        var first = remaining[0];
        var calibration = first.Training with { Epochs = Math.Min(CalibrationEpochs, first.Training.Epochs), EvaluateEvery = int.MaxValue };
        Trainer.Train(sweep.Data, calibration, first.Seed); // JIT and caches, not timed
        var clock = Stopwatch.StartNew();
        Trainer.Train(sweep.Data, calibration, first.Seed);
        var secondsPerCost = clock.Elapsed.TotalSeconds / Cost(calibration, sweep);

        var trialSeconds = remaining.Select(t => Cost(t.Training, sweep) * secondsPerCost).ToList();
        var workers = Math.Min(sweep.Parallelism, remaining.Count);
        var seconds = Math.Max(trialSeconds.Sum() / workers, trialSeconds.Max());
        return string.Create(CultureInfo.InvariantCulture,
            $"Estimated duration: about {Describe(TimeSpan.FromSeconds(seconds))} for {remaining.Count} trials on {workers} workers " +
            $"(calibrated on {calibration.Epochs} epochs of trial {first.TrialId}: {clock.Elapsed.TotalMilliseconds / calibration.Epochs:F1} ms per epoch).");
    }

    // Training time grows with epochs × rows × weights (forward and backward are matrix products over every row).
    private static double Cost(TrainingOptions training, PreparedSweep sweep)
    {
        var weights = 0.0;
        var inputs = sweep.Data.Features;
        foreach (var width in training.Hidden.Append(sweep.Data.Classes))
        {
            weights += (inputs + 1.0) * width;
            inputs = width;
        }

        return training.Epochs * (double)sweep.Data.TrainRows * weights;
    }

    private static string Describe(TimeSpan duration) =>
        duration.TotalMinutes < 1 ? $"{Math.Max(1, Math.Round(duration.TotalSeconds))} s"
        : duration.TotalHours < 1 ? $"{(int)duration.TotalMinutes} min {duration.Seconds:D2} s"
        : $"{(int)duration.TotalHours} h {duration.Minutes:D2} min";
}
