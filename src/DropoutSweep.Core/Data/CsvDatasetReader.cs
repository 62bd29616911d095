using System.Globalization;
using System.Text;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Core.Data;

/// <summary>
/// Reads a classification CSV: a header row, numeric feature columns and one label column (by name, default the last).
/// Fields are comma-separated, trimmed, and may be wrapped in double quotes (without commas inside). Labels become
/// 0..K−1 in sorted order (numerically when every label is a number). Rows are split by a seeded stratified shuffle
/// and, by default, standardised with the training part's mean and standard deviation.
/// </summary>
internal static class CsvDatasetReader
{
    private const int ColumnsListedInErrors = 20;

    /// <summary>Reads, checks, splits and standardises the file that <paramref name="options"/> name.</summary>
    public static Dataset Read(DatasetOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new DatasetException("Dataset.Path: a CSV data set needs the path of its file.");
        }

        if (options.ValidationSamples is not null)
        {
            throw new DatasetException("Dataset.ValidationSamples applies to spirals only; a CSV data set is split by Dataset.ValidationFraction.");
        }

        if (options.ValidationFraction is not { } fraction)
        {
            throw new DatasetException("Dataset.ValidationFraction is required for a CSV data set (e.g. 0.2 holds out a fifth of each class).");
        }

        DatasetLoader.CheckValidationFraction(fraction);

        var bytes = ReadBytes(options.Path);
        var fileName = System.IO.Path.GetFileName(options.Path);
        var table = Parse(fileName, bytes, options.Label);

        var rng = new Rng(options.Seed);
        var (trainRows, validationRows) = StratifiedSplit.Split(table.Labels, table.ClassNames.Count, fraction, rng);
        var (shift, scale) = options.Standardize
            ? TrainingStatistics(table.Features, table.FeatureCount, trainRows)
            : (new double[table.FeatureCount], Enumerable.Repeat(1.0, table.FeatureCount).ToArray());

        var (trainX, trainY) = Standardised(table, trainRows, shift, scale);
        var (validationX, validationY) = Standardised(table, validationRows, shift, scale);
        return new Dataset(fileName, table.FeatureCount, table.ClassNames.Count, trainX, trainY, validationX, validationY, DatasetLoader.Sha256Hex(bytes), table.ClassNames);
    }

    private static byte[] ReadBytes(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        try
        {
            return File.ReadAllBytes(fullPath);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetException($"Dataset.Path: file not found: {fullPath}", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Dataset.Path: cannot read {fullPath}: {error.Message}", error);
        }
    }

    /// <summary>The file's rows, checked: features as doubles (row-major), labels mapped to class indices.</summary>
    private static CsvTable Parse(string fileName, byte[] bytes, string? labelName)
    {
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        var lastLine = lines.Length;
        while (lastLine > 0 && string.IsNullOrWhiteSpace(lines[lastLine - 1]))
        {
            lastLine--;
        }

        if (lastLine == 0)
        {
            throw new DatasetException($"{fileName}: the file is empty; expected a header row and data rows.");
        }

        var header = lines[0].Split(',').Select(Unquote).ToArray();
        if (header.Length < 2)
        {
            throw new DatasetException($"{fileName} line 1: the header has {header.Length} column; expected at least one feature column and a label column.");
        }

        var labelColumn = FindLabelColumn(fileName, header, labelName);
        if (lastLine == 1)
        {
            throw new DatasetException($"{fileName}: no data rows after the header (line 1).");
        }

        var featureCount = header.Length - 1;
        var rows = lastLine - 1;
        var features = new double[rows * featureCount];
        var labelTexts = new string[rows];
        for (var row = 0; row < rows; row++)
        {
            var lineNumber = row + 2;
            var line = lines[row + 1];
            if (string.IsNullOrWhiteSpace(line))
            {
                throw new DatasetException($"{fileName} line {lineNumber}: the line is empty; expected {header.Length} columns as in the header.");
            }

            var fields = line.Split(',');
            if (fields.Length != header.Length)
            {
                throw new DatasetException($"{fileName} line {lineNumber}: expected {header.Length} columns as in the header, found {fields.Length}.");
            }

            var feature = 0;
            for (var column = 0; column < fields.Length; column++)
            {
                var field = Unquote(fields[column]);
                if (column == labelColumn)
                {
                    if (field.Length == 0)
                    {
                        throw new DatasetException($"{fileName} line {lineNumber} column {column + 1}: the label is empty.");
                    }

                    labelTexts[row] = field;
                    continue;
                }

                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new DatasetException($"{fileName} line {lineNumber} column {column + 1}: '{field}' is not a number.");
                }

                features[(row * featureCount) + feature++] = value;
            }
        }

        var (labels, classNames) = MapLabels(labelTexts);
        CheckClasses(fileName, header[labelColumn], labels, classNames);
        return new CsvTable(featureCount, features, labels, classNames);
    }

    private static int FindLabelColumn(string fileName, string[] header, string? labelName)
    {
        if (labelName is null)
        {
            return header.Length - 1;
        }

        var exact = Array.IndexOf(header, labelName);
        if (exact >= 0)
        {
            return exact;
        }

        var ignoringCase = header.Select((name, index) => (name, index))
            .Where(column => string.Equals(column.name, labelName, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        if (ignoringCase.Length == 1)
        {
            return ignoringCase[0].index;
        }

        var listed = string.Join(", ", header.Take(ColumnsListedInErrors));
        var more = header.Length > ColumnsListedInErrors ? $", … ({header.Length} columns in all)" : string.Empty;
        throw new DatasetException($"{fileName}: Dataset.Label column '{labelName}' not found; the columns are: {listed}{more}.");
    }

    /// <summary>Class indices in the order of the sorted distinct labels (numeric order when all are numbers).</summary>
    private static (int[] Labels, IReadOnlyList<string> ClassNames) MapLabels(string[] labelTexts)
    {
        var distinct = labelTexts.Distinct(StringComparer.Ordinal).ToArray();
        var numeric = distinct.All(text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value));
        Dictionary<string, int> indexOf;
        string[] classNames;
        if (numeric)
        {
            // "1" and "1.0" are the same class.
            var values = distinct.Select(text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
            classNames = values.Select(value => value.ToString("R", CultureInfo.InvariantCulture)).ToArray();
            indexOf = distinct.ToDictionary(
                text => text,
                text => Array.IndexOf(values, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
                StringComparer.Ordinal);
        }
        else
        {
            classNames = distinct.Order(StringComparer.Ordinal).ToArray();
            indexOf = classNames.Select((name, index) => (name, index)).ToDictionary(pair => pair.name, pair => pair.index, StringComparer.Ordinal);
        }

        return (labelTexts.Select(text => indexOf[text]).ToArray(), classNames);
    }

    private static void CheckClasses(string fileName, string labelColumn, int[] labels, IReadOnlyList<string> classNames)
    {
        if (classNames.Count < 2)
        {
            throw new DatasetException($"{fileName}: the label column '{labelColumn}' has only one class ('{classNames[0]}'); classification needs at least 2.");
        }

        var counts = new int[classNames.Count];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        for (var k = 0; k < counts.Length; k++)
        {
            if (counts[k] < 2)
            {
                throw new DatasetException(
                    $"{fileName}: class '{classNames[k]}' of column '{labelColumn}' has only {counts[k]} row; every class needs at least 2 rows so that both the training and the validation part get one.");
            }
        }
    }

    /// <summary>Mean and standard deviation (population) of each feature over the training rows; a constant feature keeps scale 1.</summary>
    private static (double[] Mean, double[] Deviation) TrainingStatistics(double[] features, int featureCount, int[] trainRows)
    {
        var mean = new double[featureCount];
        var deviation = new double[featureCount];
        foreach (var row in trainRows)
        {
            for (var j = 0; j < featureCount; j++)
            {
                mean[j] += features[(row * featureCount) + j];
            }
        }

        for (var j = 0; j < featureCount; j++)
        {
            mean[j] /= trainRows.Length;
        }

        foreach (var row in trainRows)
        {
            for (var j = 0; j < featureCount; j++)
            {
                var centred = features[(row * featureCount) + j] - mean[j];
                deviation[j] += centred * centred;
            }
        }

        for (var j = 0; j < featureCount; j++)
        {
            var sd = Math.Sqrt(deviation[j] / trainRows.Length);
            deviation[j] = sd > 0 ? sd : 1.0;
        }

        return (mean, deviation);
    }

    private static (float[] X, int[] Y) Standardised(CsvTable table, int[] rows, double[] shift, double[] scale)
    {
        var featureCount = table.FeatureCount;
        var x = new float[rows.Length * featureCount];
        var y = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var source = rows[i] * featureCount;
            for (var j = 0; j < featureCount; j++)
            {
                x[(i * featureCount) + j] = (float)((table.Features[source + j] - shift[j]) / scale[j]);
            }

            y[i] = table.Labels[rows[i]];
        }

        return (x, y);
    }

    private static string Unquote(string field)
    {
        var trimmed = field.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1].Trim() : trimmed;
    }

    private sealed record CsvTable(int FeatureCount, double[] Features, int[] Labels, IReadOnlyList<string> ClassNames);
}
