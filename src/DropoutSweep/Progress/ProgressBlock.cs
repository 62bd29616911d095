using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DropoutSweep.Progress;

/// <summary>
/// The live status block: one row per trial in training (trial, worker, epoch / epochs, last validation accuracy, its
/// swept settings, time so far), then the sweep's bar, count and time left.
/// </summary>
internal static class ProgressBlock
{
    private const int BarWidth = 30;

    public static IRenderable Render(ProgressSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var table = new Table().Border(TableBorder.Simple).BorderColor(Color.Grey);
        table.AddColumn(new TableColumn("trial").RightAligned());
        table.AddColumn("worker");
        table.AddColumn(new TableColumn("epoch").RightAligned());
        table.AddColumn(new TableColumn("val_acc").RightAligned());
        var settings = snapshot.Running.FirstOrDefault()?.Settings.Select(s => s.Column).ToList() ?? [];
        foreach (var column in settings)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        }

        table.AddColumn(new TableColumn("time").RightAligned());
        foreach (var trial in snapshot.Running)
        {
            var cells = new List<string>
            {
                trial.TrialId.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(trial.Worker),
                string.Create(CultureInfo.InvariantCulture, $"{trial.Epoch}/{trial.Epochs}"),
                Accuracy(trial.ValidationAccuracy),
            };
            cells.AddRange(trial.Settings.Select(s => Markup.Escape(s.Value)));
            cells.Add(Duration(trial.Running));
            table.AddRow([.. cells]);
        }

        return new Rows(table, new Markup(Summary(snapshot)));
    }

    /// <summary>The bar and counts: <c>━━━━━━━━━━━━───────── 12/36 trials  33%  elapsed 0:01:05  ETA 0:02:10</c>.</summary>
    public static string Summary(ProgressSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var fraction = snapshot.Total == 0 ? 1 : snapshot.Finished / (double)snapshot.Total;
        var filled = (int)Math.Round(fraction * BarWidth);
        var eta = snapshot.Remaining is { } remaining ? Duration(remaining) : "…";
        return string.Create(CultureInfo.InvariantCulture,
            $"[green]{new string('━', filled)}[/][grey]{new string('─', BarWidth - filled)}[/] {Markup.Escape(snapshot.SweepName)}: {snapshot.Finished}/{snapshot.Total} trials  {fraction * 100:F0}%  elapsed {Duration(snapshot.Elapsed)}  ETA {eta}");
    }

    /// <summary>A validation accuracy as the progress display shows it (<c>0.8123</c>), or <c>—</c> before the first evaluation.</summary>
    public static string Accuracy(double? accuracy) => accuracy is { } value ? value.ToString("F4", CultureInfo.InvariantCulture) : "—";

    /// <summary><c>0:05</c>, <c>12:30</c>, <c>1:02:03</c>, <c>3d 04:00:00</c>.</summary>
    public static string Duration(TimeSpan time) =>
        time.TotalDays >= 1 ? time.ToString(@"d\d\ hh\:mm\:ss", CultureInfo.InvariantCulture)
        : time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
