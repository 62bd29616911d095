using DropoutSweep.Core.Data;
using DropoutSweep.Core.Results;
using nietras.SeparatedValues;

namespace DropoutSweep.Core.Nn.Model;

/// <summary>
/// <c>predict</c>'s file work: reads an input CSV (a header row, then one row per input; quoted fields, a BOM and CRLF
/// line ends as the data loader takes them, parsed by Sep), predicts every row with <see cref="ModelPredictor"/> and
/// writes the output CSV: <c>row</c>, <c>predicted</c>, <c>actual</c> when the input has the model's label column, then
/// <c>p_&lt;class&gt;</c> per class (round-trip numbers). Streamed: the input is never held whole.
/// </summary>
public static class CsvPredictions
{
    /// <summary>
    /// Predicts every row of <paramref name="inputPath"/> into <paramref name="output"/>; returns the predictor, which
    /// holds the row count and, with a label column, the accuracy. Input that cannot be used (no file, no header, a
    /// missing feature column, a field that is not a number) throws <see cref="ModelFileException"/> naming the line.
    /// </summary>
    public static ModelPredictor Write(SavedModel model, string inputPath, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var name = Path.GetFileName(inputPath);
        using var stream = Open(inputPath);
        using var reader = CsvDatasetReader.ReaderOptions.From(stream);
        ModelPredictor? predictor = null;
        var fields = new List<string>();
        foreach (var row in reader)
        {
            if (CsvDatasetReader.IsEmpty(row))
            {
                continue; // a blank line (a trailing newline, say) is not a row
            }

            var line = CsvDatasetReader.Line(row);
            fields.Clear();
            for (var column = 0; column < row.ColCount; column++)
            {
                fields.Add(row[column].ToString());
            }

            if (predictor is null)
            {
                predictor = new ModelPredictor(model, fields.ToArray(), name);
                output.Write(string.Join(',', predictor.OutputHeader.Select(Escaped)));
                output.Write('\n');
                continue;
            }

            var predicted = predictor.Predict(fields, line);
            ReportText.WriteInteger(output, predicted.Row);
            output.Write(',');
            ReportText.WriteCsvField(output, predicted.Predicted);
            if (predicted.Actual is { } actual)
            {
                output.Write(',');
                ReportText.WriteCsvField(output, actual);
            }

            foreach (var probability in predicted.Probabilities)
            {
                output.Write(',');
                ReportText.WriteMetric(output, probability);
            }

            output.Write('\n');
        }

        return predictor ?? throw new ModelFileException($"{name}: the file is empty; expected a header row naming the model's feature columns ({string.Join(", ", model.FeatureNames.Take(10))}{(model.Features > 10 ? ", …" : string.Empty)}).");
    }

    private static string Escaped(string field)
    {
        using var text = new StringWriter();
        ReportText.WriteCsvField(text, field);
        return text.ToString();
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(Path.GetFullPath(path), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"--data = '{path}': {(error is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read it: {error.Message}")}.", error);
        }
    }
}
