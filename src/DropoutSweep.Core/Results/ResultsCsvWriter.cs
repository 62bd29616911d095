using System.Text;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>results.csv</c>: one row per finished trial in rank order, columns <c>rank, trial, repeat, status</c>, one per
/// <see cref="Ranking.SettingColumns"/>, then <c>seed, val_accuracy, val_loss, best_val_accuracy, best_epoch,
/// train_accuracy, train_loss, epochs, seconds, node, stopped_early, rung</c> (<c>rung</c> empty without a scheduler).
/// Metrics round-trip; NaN is written <c>NaN</c>.
/// </summary>
public static class ResultsCsvWriter
{
    public const string FileName = "results.csv";

    /// <summary>The column names in order.</summary>
    public static IReadOnlyList<string> Columns(Ranking ranking) =>
    [
        "rank", "trial", "repeat", "status",
        .. ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Column),
        "seed", "val_accuracy", "val_loss", "best_val_accuracy", "best_epoch", "train_accuracy", "train_loss", "epochs", "seconds", "node",
        "stopped_early", "rung",
    ];

    /// <summary>The file's text (LF line ends).</summary>
    public static string Format(Ranking ranking)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Columns(ranking))).Append('\n');
        foreach (var (rank, spec, result) in ranking.Trials)
        {
            string[] fields =
            [
                ReportValues.Integer(rank), ReportValues.Integer(spec.TrialId), ReportValues.Integer(spec.Repeat), result.Status.ToString(),
                .. ranking.SettingColumns.Select(name => TrainingSettings.Section[name].Format(spec.Training)),
                spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ReportValues.Metric(result.ValidationAccuracy), ReportValues.Metric(result.ValidationLoss),
                ReportValues.Metric(result.BestValidationAccuracy), ReportValues.Integer(result.BestEpoch),
                ReportValues.Metric(result.TrainAccuracy), ReportValues.Metric(result.TrainLoss),
                ReportValues.Integer(result.EpochsRun), ReportValues.Seconds(result.Seconds), result.Node,
                result.StoppedEarly ? "true" : "false", result.Rung is { } rung ? ReportValues.Integer(rung) : string.Empty,
            ];
            text.Append(string.Join(',', fields.Select(Escape))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes <c>results.csv</c> into <paramref name="outputDirectory"/> atomically.</summary>
    public static void Write(string outputDirectory, Ranking ranking) =>
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, FileName), Format(ranking));

    // RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled ("[256,128]" needs it).
    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
