using System.Globalization;

namespace DropoutSweep.Core.Nn.Model;

/// <summary>
/// The core of <c>predict</c>: finds the model's feature columns in an input header (by name, in any order; other
/// columns are ignored), then predicts row by row. When the header has the model's label column, that column is not
/// read as a feature; it is copied as <see cref="PredictedRow.Actual"/> and counted in <see cref="Accuracy"/>.
/// </summary>
public sealed class ModelPredictor
{
    private readonly SavedModel _model;
    private readonly int[] _featureColumns;
    private readonly int? _labelColumn;
    private readonly int _columns;
    private readonly double[] _features;

    /// <summary>Checks <paramref name="header"/> against the model; a missing feature column throws <see cref="ModelFileException"/>.</summary>
    public ModelPredictor(SavedModel model, IReadOnlyList<string> header, string inputName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(header);
        _model = model;
        InputName = inputName;
        _columns = header.Count;
        var missing = model.FeatureNames.Where(feature => !header.Contains(feature, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            throw new ModelFileException(
                $"{inputName}: the model reads feature column{(missing.Length == 1 ? string.Empty : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))}, " +
                $"not in the header ({string.Join(", ", header.Take(20))}{(header.Count > 20 ? ", …" : string.Empty)}).");
        }

        _featureColumns = model.FeatureNames.Select(feature => IndexOf(header, feature)).ToArray();
        _labelColumn = model.LabelColumn is { } label && header.Contains(label, StringComparer.Ordinal) ? IndexOf(header, label) : null;
        _features = new double[model.Features];
        OutputHeader = ["row", "predicted", .. HasActual ? new[] { "actual" } : [], .. model.ClassNames.Select(name => $"p_{name}")];
    }

    public string InputName { get; }

    /// <summary>True when the input has the model's label column.</summary>
    public bool HasActual => _labelColumn is not null;

    /// <summary>The columns of the output: <c>row</c>, <c>predicted</c>, <c>actual</c> (when known), <c>p_&lt;class&gt;</c> per class.</summary>
    public IReadOnlyList<string> OutputHeader { get; }

    /// <summary>Rows predicted so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows whose prediction equals their label (counted only when <see cref="HasActual"/>).</summary>
    public long Correct { get; private set; }

    /// <summary>Correct / Rows, or null without a label column or rows.</summary>
    public double? Accuracy => HasActual && Rows > 0 ? (double)Correct / Rows : null;

    /// <summary>Predicts the next row; <paramref name="line"/> is its line in the input, for error messages.</summary>
    public PredictedRow Predict(IReadOnlyList<string> fields, long line)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count != _columns)
        {
            throw new ModelFileException($"{InputName} line {line}: expected {_columns} columns as in the header, found {fields.Count}.");
        }

        for (var f = 0; f < _featureColumns.Length; f++)
        {
            var column = _featureColumns[f];
            var text = fields[column].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new ModelFileException($"{InputName} line {line} column {column + 1} ({_model.FeatureNames[f]}): '{text}' is not a number.");
            }

            _features[f] = value;
        }

        var probabilities = _model.Probabilities(_features);
        var predicted = _model.ClassNames[SavedModel.ArgMax(probabilities)];
        string? actual = null;
        Rows++;
        if (_labelColumn is { } labelColumn)
        {
            actual = fields[labelColumn].Trim();
            Correct += SameLabel(actual, predicted) ? 1 : 0;
        }

        return new PredictedRow(Rows, predicted, probabilities, actual);
    }

    /// <summary>Equal text, or equal numbers when both are numbers (<c>1</c> and <c>1.0</c> are one class, as in the data loader).</summary>
    private static bool SameLabel(string actual, string predicted) =>
        actual == predicted
        || (double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(predicted, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
            && a == p);

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
