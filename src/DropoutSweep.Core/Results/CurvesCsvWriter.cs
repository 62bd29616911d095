namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>curves.csv</c>: every ranked trial's learning curve in long form, one row per trial and evaluation, in trial and
/// epoch order: <c>trial</c>, then the <see cref="CurveColumns"/> (<c>epoch, train_data_loss, regularization_loss,
/// train_eval_accuracy, train_eval_loss, val_accuracy, val_loss, learning_rate</c>). Read from the journal one curve at
/// a time and written as a stream, so its size never costs memory.
/// </summary>
public static class CurvesCsvWriter
{
    public const string FileName = "curves.csv";

    /// <summary>The column names in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = [ResultFields.Trial.ColumnName, .. CurveColumns.All.Select(column => column.ColumnName)];

    /// <summary>The file's text for the given curves (LF line ends); curves of trials not in <paramref name="ranking"/> are left out.</summary>
    public static string Format(Ranking ranking, IEnumerable<(int TrialId, LearningCurve Curve)> curves)
    {
        using var text = new StringWriter();
        WriteTo(text, ranking, curves);
        return text.ToString();
    }

    /// <summary>
    /// Writes <c>curves.csv</c> into <paramref name="outputDirectory"/> atomically, from the curves in its journal, and
    /// returns the curves of the trials in <paramref name="keep"/> (report.html's few), so that the journal is read once
    /// and no other curve stays in memory.
    /// </summary>
    public static IReadOnlyDictionary<int, LearningCurve> Write(string outputDirectory, Ranking ranking, IReadOnlySet<int>? keep = null)
    {
        var kept = new Dictionary<int, LearningCurve>();
        AtomicFile.Write(Path.Combine(outputDirectory, FileName), stream =>
        {
            using var writer = ReportText.Writer(stream);
            var curves = TrialJournal.ReadCurves(outputDirectory, ranking.Trials.Count);
            WriteTo(writer, ranking, keep is null ? curves : curves.Select(entry =>
            {
                if (keep.Contains(entry.TrialId))
                {
                    kept[entry.TrialId] = entry.Curve;
                }

                return entry;
            }));
        });
        return kept;
    }

    private static void WriteTo(TextWriter writer, Ranking ranking, IEnumerable<(int TrialId, LearningCurve Curve)> curves)
    {
        // By trial number (1 to the plan's size): one flag per trial, not a hash-set entry of 20 bytes.
        var ranked = new bool[ranking.Plan.Trials.Count + 1];
        foreach (var trial in ranking.Trials)
        {
            ranked[trial.Spec.TrialId] = true;
        }

        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        foreach (var (trialId, curve) in curves)
        {
            if ((uint)trialId >= (uint)ranked.Length || !ranked[trialId])
            {
                continue;
            }

            foreach (var point in curve)
            {
                ReportText.WriteInteger(writer, trialId);
                foreach (var column in CurveColumns.All)
                {
                    writer.Write(',');
                    var value = column.Get(point);
                    if (column.IsInteger)
                    {
                        ReportText.WriteInteger(writer, (long)value);
                    }
                    else
                    {
                        ReportText.WriteMetric(writer, value);
                    }
                }

                writer.Write('\n');
            }
        }
    }
}
