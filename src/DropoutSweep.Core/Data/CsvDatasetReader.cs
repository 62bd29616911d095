using System.Globalization;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Randomness;
using nietras.SeparatedValues;

namespace DropoutSweep.Core.Data;

/// <summary>
/// Reads a classification CSV: a header row, numeric feature columns and one label column (by name, default the last).
/// Fields follow RFC 4180 (parsed by Sep): a quoted field may hold commas, doubled quotes and line breaks; a UTF-8 BOM
/// and CRLF line ends are fine; spaces around fields are trimmed. Labels become 0..K−1 (<see cref="ClassLabels"/>).
/// Rows are split by a seeded stratified shuffle and, by default, standardised with the training part's mean and
/// standard deviation.
/// </summary>
/// <remarks>
/// The file is streamed, never held whole, so memory stays near the float32 result: a first pass checks every field,
/// collects the labels and hashes the bytes; the split is drawn from the labels; a second pass (only when
/// standardising) computes the training part's statistics from the exact double values; a last pass writes each row's
/// features straight into its part. The later passes check that the file still hashes the same.
/// </remarks>
internal static class CsvDatasetReader
{
    private const int ColumnsListedInErrors = 20;
    private const int FieldCharactersInErrors = 60;

    /// <summary>How every CSV input is read (also <c>predict</c>'s): RFC 4180 fields unescaped and trimmed, the header checked by the caller.</summary>
    internal static readonly SepReaderOptions ReaderOptions = Sep.New(',').Reader(options => options with
    {
        HasHeader = false, // the header is checked here (line numbers, duplicates) rather than by Sep
        Unescape = true,
        Trim = SepTrim.All,
        DisableColCountCheck = true,
        CultureInfo = CultureInfo.InvariantCulture,
    });

    private delegate void RowConsumer(int row, ReadOnlySpan<double> features);

    /// <summary>
    /// Reads, checks, splits and standardises the file that <paramref name="options"/> name. The settings themselves
    /// (<c>Path</c> and <c>ValidationFraction</c> set, no IDX settings) were checked by the catalogue (<see cref="DatasetLoader.Load"/>).
    /// </summary>
    public static Dataset Read(DatasetOptions options)
    {
        var (path, fraction) = (options.Path!, options.ValidationFraction!.Value);
        var scan = Scan(path, options.Label);
        var rng = new Rng(options.Seed);
        var (trainRows, validationRows) = StratifiedSplit.Split(scan.Labels, scan.ClassNames.Length, fraction, rng);

        // Where each file row goes: its index in the training part, or the complement (~i) of its validation index.
        var destination = new int[scan.Rows];
        for (var i = 0; i < trainRows.Length; i++)
        {
            destination[trainRows[i]] = i;
        }

        for (var i = 0; i < validationRows.Length; i++)
        {
            destination[validationRows[i]] = ~i;
        }

        var (shift, scale) = options.EffectiveStandardize
            ? TrainingStatistics(scan, destination)
            : (new double[scan.FeatureCount], Enumerable.Repeat(1.0, scan.FeatureCount).ToArray());

        var features = scan.FeatureCount;
        var trainX = new float[trainRows.Length * features];
        var validationX = new float[validationRows.Length * features];
        ForEachRow(scan, (row, values) =>
        {
            var target = destination[row] >= 0
                ? trainX.AsSpan(destination[row] * features, features)
                : validationX.AsSpan(~destination[row] * features, features);
            for (var j = 0; j < values.Length; j++)
            {
                target[j] = (float)((values[j] - shift[j]) / scale[j]);
            }
        });

        var trainY = trainRows.Select(row => scan.Labels[row]).ToArray();
        var validationY = validationRows.Select(row => scan.Labels[row]).ToArray();
        var scaling = options.EffectiveStandardize ? new FeatureScaling(FeatureScaling.Standardize, shift, scale) : FeatureScaling.Identity(features);
        return new Dataset(
            scan.FileName,
            features,
            scan.ClassNames.Length,
            trainX,
            trainY,
            validationX,
            validationY,
            scan.Hash,
            scan.ClassNames,
            featureNames: scan.Header.Where((_, column) => column != scan.LabelColumn).ToArray(),
            labelColumn: scan.Header[scan.LabelColumn],
            scaling: scaling);
    }

    /// <summary>The header, the columns holding a field that is not a finite number, and the data rows (<see cref="CsvColumns"/>).</summary>
    public static CsvColumns Columns(string path)
    {
        var fileName = Path.GetFileName(path);
        using var stream = DataFile.Open("Path", path);
        using var reader = ReaderOptions.From(stream, leaveOpen: true);
        string[]? header = null;
        bool[] text = [];
        var rows = 0;
        foreach (var row in reader)
        {
            if (IsEmpty(row))
            {
                continue;
            }

            if (header is null)
            {
                header = Header(fileName, row);
                text = new bool[header.Length];
                continue;
            }

            rows++;
            for (var column = 0; column < Math.Min(row.ColCount, header.Length); column++)
            {
                text[column] |= !TryParseFeature(row[column].Span.Trim(), out _);
            }
        }

        if (header is null)
        {
            throw new DatasetException($"{fileName}: the file is empty; expected a header row and data rows.");
        }

        return new CsvColumns(header, [.. header.Where((_, column) => text[column])], rows);
    }

    /// <summary>
    /// The first pass: the header, every field checked (file, line and column named on error), the labels as class
    /// numbers, the row count and the SHA-256 of the bytes.
    /// </summary>
    private static CsvScan Scan(string path, string? labelName)
    {
        var fileName = Path.GetFileName(path);
        using var stream = new HashingReadStream(DataFile.Open("Path", path));
        var options = ReaderOptions;
        using var reader = options.From(stream, leaveOpen: true);

        string[]? header = null;
        var labelColumn = -1;
        int? emptyLine = null;
        var labelIds = new List<int>();
        var labelTexts = new List<string>();
        var idOfLabel = new Dictionary<string, int>(StringComparer.Ordinal);
        var idOfLabelSpan = idOfLabel.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var row in reader)
        {
            if (IsEmpty(row))
            {
                emptyLine ??= Line(row);
                continue;
            }

            if (emptyLine is { } line)
            {
                throw new DatasetException(header is null
                    ? $"{fileName} line {line}: the line is empty; expected the header row."
                    : $"{fileName} line {line}: the line is empty; expected {header.Length} columns as in the header.");
            }

            if (header is null)
            {
                header = Header(fileName, row);
                labelColumn = FindLabelColumn(fileName, header, labelName);
                continue;
            }

            CheckColumnCount(fileName, row, header.Length);
            var firstDataRow = labelIds.Count == 0;
            for (var column = 0; column < header.Length; column++)
            {
                var field = row[column].Span.Trim();
                if (column == labelColumn)
                {
                    if (field.IsEmpty)
                    {
                        throw new DatasetException($"{fileName} line {Line(row)} column {column + 1}: the label is empty.");
                    }

                    if (!idOfLabelSpan.TryGetValue(field, out var id))
                    {
                        id = labelTexts.Count;
                        var text = field.ToString();
                        labelTexts.Add(text);
                        idOfLabel.Add(text, id);
                    }

                    labelIds.Add(id);
                }
                else if (!TryParseFeature(field, out _))
                {
                    throw NotANumber(fileName, Line(row), column, field, header, labelColumn, firstDataRow);
                }
            }
        }

        if (header is null)
        {
            throw new DatasetException($"{fileName}: the file is empty; expected a header row and data rows.");
        }

        if (labelIds.Count == 0)
        {
            throw new DatasetException($"{fileName}: no data rows after the header (line 1).");
        }

        var (classOf, classNames) = ClassLabels.Number(labelTexts);
        var labels = new int[labelIds.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = classOf[labelIds[i]];
        }

        CheckClasses(fileName, header[labelColumn], labels, classNames);
        if ((long)labels.Length * (header.Length - 1) > Array.MaxLength)
        {
            throw new DatasetException($"{fileName}: {labels.Length} rows × {header.Length - 1} features is more values than one array can hold.");
        }

        return new CsvScan(path, fileName, header, labelColumn, labels.Length, labels, classNames, stream.ReadToEndAndHash());
    }

    /// <summary>Mean and standard deviation (population) of each feature over the training rows (Welford's update); a constant feature keeps scale 1.</summary>
    private static (double[] Mean, double[] Deviation) TrainingStatistics(CsvScan scan, int[] destination)
    {
        var mean = new double[scan.FeatureCount];
        var squares = new double[scan.FeatureCount];
        var count = 0;
        ForEachRow(scan, (row, values) =>
        {
            if (destination[row] < 0)
            {
                return;
            }

            count++;
            for (var j = 0; j < values.Length; j++)
            {
                var delta = values[j] - mean[j];
                mean[j] += delta / count;
                squares[j] += delta * (values[j] - mean[j]);
            }
        });

        var deviation = new double[scan.FeatureCount];
        for (var j = 0; j < deviation.Length; j++)
        {
            var sd = Math.Sqrt(squares[j] / count);
            deviation[j] = sd > 0 ? sd : 1.0;
        }

        return (mean, deviation);
    }

    /// <summary>A later pass: each data row's features, in file order. Throws if the file no longer matches the first pass.</summary>
    private static void ForEachRow(CsvScan scan, RowConsumer consume)
    {
        using var stream = new HashingReadStream(DataFile.Open("Path", scan.Path));
        var options = ReaderOptions;
        using var reader = options.From(stream, leaveOpen: true);
        var values = new double[scan.FeatureCount];
        var row = -1; // the header
        foreach (var line in reader)
        {
            if (IsEmpty(line))
            {
                continue;
            }

            if (row >= 0)
            {
                if (row >= scan.Rows || line.ColCount != scan.Columns)
                {
                    throw Changed(scan);
                }

                var feature = 0;
                for (var column = 0; column < scan.Columns; column++)
                {
                    if (column != scan.LabelColumn && !TryParseFeature(line[column].Span, out values[feature++]))
                    {
                        throw Changed(scan);
                    }
                }

                consume(row, values);
            }

            row++;
        }

        if (row != scan.Rows || stream.ReadToEndAndHash() != scan.Hash)
        {
            throw Changed(scan);
        }
    }

    private static bool TryParseFeature(ReadOnlySpan<char> field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    // The first line of a row. Sep 0.17.1 numbers the first row of a file without a header (HasHeader = false) as
    // line 2, the rows after it correctly; the first row is always line 1.
    internal static int Line(SepReader.Row row) => row.RowIndex == 0 ? 1 : row.LineNumberFrom;

    // Sep reads an empty (or blank) line as one empty column.
    internal static bool IsEmpty(SepReader.Row row) => row.ColCount == 1 && row[0].Span.Trim().IsEmpty;

    private static string[] Header(string fileName, SepReader.Row row)
    {
        var header = new string[row.ColCount];
        for (var column = 0; column < header.Length; column++)
        {
            header[column] = row[column].Span.Trim().ToString();
        }

        if (header.Length < 2)
        {
            throw new DatasetException($"{fileName} line {Line(row)}: the header has {header.Length} column; expected at least one feature column and a label column.");
        }

        var firstColumnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var column = 0; column < header.Length; column++)
        {
            if (!firstColumnOf.TryAdd(header[column], column))
            {
                throw new DatasetException(
                    $"{fileName} line {Line(row)}: the column name '{header[column]}' appears twice (columns {firstColumnOf[header[column]] + 1} and {column + 1}); every column needs its own name.");
            }
        }

        return header;
    }

    private static void CheckColumnCount(string fileName, SepReader.Row row, int columns)
    {
        if (row.ColCount == columns)
        {
            return;
        }

        // An unclosed quote makes Sep read on to the next quote, or to the end of the file.
        var quote = row.LineNumberToExcl - row.LineNumberFrom > 1 ? " A quoted field runs on over the following lines: is a closing quote (\") missing?" : string.Empty;
        throw new DatasetException($"{fileName} line {Line(row)}: expected {columns} columns as in the header, found {row.ColCount}.{quote}");
    }

    private static DatasetException NotANumber(string fileName, int line, int column, ReadOnlySpan<char> field, string[] header, int labelColumn, bool firstDataRow)
    {
        var text = field.Length > FieldCharactersInErrors ? $"{field[..FieldCharactersInErrors]}…" : field.ToString();
        var message = $"{fileName} line {line} column {column + 1}: '{text}' is not a number.";

        // A column that holds text from its first row on is most likely the label column, under another name.
        if (firstDataRow)
        {
            message += $" If column '{header[column]}' holds the labels, set Dataset:Label to \"{header[column]}\" (the label column is now '{header[labelColumn]}').";
        }

        return new DatasetException(message);
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

    private static void CheckClasses(string fileName, string labelColumn, int[] labels, string[] classNames)
    {
        if (classNames.Length < 2)
        {
            throw new DatasetException($"{fileName}: the label column '{labelColumn}' has only one class ('{classNames[0]}'); classification needs at least 2.");
        }

        var counts = ClassLabels.Count(labels, classNames.Length);
        for (var k = 0; k < counts.Length; k++)
        {
            if (counts[k] < 2)
            {
                throw new DatasetException(
                    $"{fileName}: class '{classNames[k]}' of column '{labelColumn}' has only {counts[k]} row; every class needs at least 2 rows so that both the training and the validation part get one.");
            }
        }
    }

    private static DatasetException Changed(CsvScan scan) =>
        new($"{scan.FileName}: the file changed while it was being read; run again once it no longer changes.");

    /// <summary>What the first pass learnt: the shape, the label column, the labels as class numbers, the bytes' SHA-256.</summary>
    private sealed record CsvScan(string Path, string FileName, string[] Header, int LabelColumn, int Rows, int[] Labels, string[] ClassNames, string Hash)
    {
        public int Columns => Header.Length;

        public int FeatureCount => Columns - 1;
    }
}
