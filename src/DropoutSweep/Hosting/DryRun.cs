using System.Diagnostics;
using System.Globalization;
using System.Text;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine;
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

    // A tiny network trains 30 epochs in well under a millisecond: time whole calibration runs until this much has passed.
    private static readonly TimeSpan s_minimumCalibration = TimeSpan.FromMilliseconds(200);
    private const int MaximumCalibrationRuns = 10_000;

    public static int Print(PreparedSweep sweep, TextWriter output)
    {
        var run = sweep.Run;
        var plan = run.Plan;
        var options = plan.Options;
        var data = run.Data;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Sweep {options.Name}: {plan.Trials.Count} trials ({options.Strategy}: {plan.Configurations} configurations × {options.Repeats} repeats), parallelism {run.Parallelism}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Data: {data.Name} ({data.TrainRows} training rows, {data.ValidationRows} validation rows, {data.Features} features, {data.Classes} classes)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Sweep file: {sweep.Configuration.SweepFile}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Output: {run.OutputDirectory} (dry run: nothing written)");
        var finished = run.FinishedTrials().Count;
        if (finished > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Resuming: {finished} of {plan.Trials.Count} trials already done");
        }

        AppendRows(text, plan);
        AppendRungs(text, plan);
        text.AppendLine(Estimate(run));
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

    // A scheduler's funnel: how many configurations each rung trains, and the epochs that makes (known before any trial runs).
    private static void AppendRungs(StringBuilder text, SweepPlan plan)
    {
        var rows = RungTable.Of(plan, []);
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var bracket in rows.GroupBy(r => r.Bracket))
        {
            var name = rows[^1].Bracket > 1 ? $"Bracket {bracket.Key}: " : $"{plan.Options.Scheduler.Kind}: ";
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}{string.Join(" → ", bracket.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Configurations:N0} at {r.Epochs:N0}")))} epochs (configurations at each rung)");
        }

        var planned = RungTable.PlannedEpochs(plan);
        var full = (long)plan.Trials.Count * plan.Options.Training.Epochs;
        text.AppendLine(CultureInfo.InvariantCulture, $"Epochs to train: {planned:N0} of the {full:N0} that training every trial to the end takes ({(double)planned / full:P1})");
        text.AppendLine();
    }

    /// <summary>
    /// The estimate and the calibration it rests on, from one measured figure: the time per epoch printed, times each
    /// trial's epochs (scaled by its size), divided over the workers, is the duration printed.
    /// </summary>
    public static string Estimate(SweepRun run)
    {
        var remaining = run.RemainingTrials();
        if (remaining.Count == 0)
        {
            return "Estimated duration: nothing left to train (every trial is already done).";
        }

        var first = remaining[0];
        var calibration = first.Training with { Epochs = Math.Min(CalibrationEpochs, first.Training.Epochs), EvaluateEvery = int.MaxValue };
        Trainer.Train(run.Data, calibration, first.Seed); // JIT and caches, not timed
        var runs = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            Trainer.Train(run.Data, calibration, first.Seed);
            runs++;
        }
        while (clock.Elapsed < s_minimumCalibration && runs < MaximumCalibrationRuns);

        var secondsPerEpoch = clock.Elapsed.TotalSeconds / (runs * (double)calibration.Epochs);
        var secondsPerCost = secondsPerEpoch / EpochCost(calibration, run.Data);
        var trialSeconds = remaining.Select(t => t.Training.Epochs * EpochCost(t.Training, run.Data) * secondsPerCost).ToList();
        if (run.Plan.Options.Scheduler.Enabled)
        {
            // Pruning: the plan trains only this share of the trials' epochs (which trials is decided as they run, so
            // every trial counts for its share); a resumed sweep gets no credit for what its paused trials trained.
            var share = (double)RungTable.PlannedEpochs(run.Plan) / ((long)run.Plan.Trials.Count * run.Plan.Options.Training.Epochs);
            trialSeconds = [.. trialSeconds.Select(seconds => seconds * share)];
        }

        var calibrated = string.Create(CultureInfo.InvariantCulture,
            $"calibrated on {runs} × {calibration.Epochs} epochs of trial {first.TrialId}: {Milliseconds(secondsPerEpoch * 1000)} ms per epoch");
        if (run.Parallelism == 0)
        {
            // --coordinator-only: the workers are on nodes that join later, in a number nobody knows yet.
            return string.Create(CultureInfo.InvariantCulture,
                $"Estimated training time: about {Describe(trialSeconds.Sum())} for {remaining.Count} trials on one worker, divided over the workers of the nodes that join ({calibrated}).");
        }

        var workers = Math.Min(run.Parallelism, remaining.Count);
        var seconds = Math.Max(trialSeconds.Sum() / workers, trialSeconds.Max());
        return string.Create(CultureInfo.InvariantCulture,
            $"Estimated duration: about {Describe(seconds)} for {remaining.Count} trials on {workers} workers ({calibrated}).");
    }

    // An epoch's training time grows with rows × weights (forward and backward are matrix products over every row).
    private static double EpochCost(TrainingOptions training, Dataset data)
    {
        var weights = 0.0;
        var inputs = data.Features;
        foreach (var width in training.Hidden.Append(data.Classes))
        {
            weights += (inputs + 1.0) * width;
            inputs = width;
        }

        return data.TrainRows * weights;
    }

    // Three significant digits (whole milliseconds from 100 up): enough to check the estimate by hand.
    private static string Milliseconds(double milliseconds) =>
        milliseconds >= 100
            ? milliseconds.ToString("F0", CultureInfo.InvariantCulture)
            : milliseconds.ToString("G3", CultureInfo.InvariantCulture);

    // In plain numbers rather than a TimeSpan, which overflows on the largest plans.
    private static string Describe(double seconds)
    {
        var total = Math.Round(seconds);
        return total < 60 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, total)} s")
            : total < 3600 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(total / 60)} min {total % 60:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(total / 3600)} h {Math.Floor(total % 3600 / 60):00} min");
    }
}
