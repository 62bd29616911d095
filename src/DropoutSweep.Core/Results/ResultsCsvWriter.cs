using System.Text;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>results.csv</c>: one row per finished trial in rank order, the columns of <see cref="TrialColumns"/>: <c>rank</c>,
/// <c>trial, config, repeat, status</c>, one per <see cref="Ranking.SettingColumns"/>, then the other
/// <see cref="ResultFields"/> (<c>seed, val_accuracy, ..., epochs_run, seconds, node, attempts, reason</c>). Metrics
/// round-trip; NaN is written <c>NaN</c>. Written row by row as a stream.
/// </summary>
public static class ResultsCsvWriter
{
    public const string FileName = "results.csv";

    /// <summary>The column names in order.</summary>
    public static IReadOnlyList<string> Columns(Ranking ranking) => TrialColumns.Of(ranking).Select(column => column.ColumnName).ToArray();

    /// <summary>The file's text (LF line ends).</summary>
    public static string Format(Ranking ranking)
    {
        using var text = new StringWriter();
        WriteTo(text, ranking);
        return text.ToString();
    }

    /// <summary>Writes <c>results.csv</c> into <paramref name="outputDirectory"/> atomically.</summary>
    public static void Write(string outputDirectory, Ranking ranking) =>
        AtomicFile.Write(Path.Combine(outputDirectory, FileName), stream =>
        {
            using var writer = ReportText.Writer(stream);
            WriteTo(writer, ranking);
        });

    private static void WriteTo(TextWriter writer, Ranking ranking)
    {
        var columns = TrialColumns.Of(ranking);
        writer.Write(string.Join(',', columns.Select(column => column.ColumnName)));
        writer.Write('\n');
        foreach (var trial in ranking.Trials)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0)
                {
                    writer.Write(',');
                }

                columns[c].WriteCsv(writer, trial);
            }

            writer.Write('\n');
        }
    }
}
