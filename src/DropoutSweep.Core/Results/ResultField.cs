using System.Text.Json;

namespace DropoutSweep.Core.Results;

/// <summary>
/// One per-trial result field, declared once in <see cref="ResultFields"/>: the <see cref="TrialResult"/> property that
/// holds it (<see cref="Name"/>), its key in trials.jsonl (<see cref="JournalKey"/>), its key in results.json
/// (<see cref="JsonName"/>, camelCase), its column in results.csv and the Markdown tables (<see cref="ColumnName"/>,
/// snake_case), how it is written (<see cref="Format"/>) and what it means (<see cref="Description"/>). Every writer
/// derives its columns from the catalogue, so adding a field is one declaration plus the code that fills it.
/// </summary>
public abstract class ResultField
{
    private protected ResultField(string name, string jsonName, string journalKey, ResultFormat format, ResultSummary summary, string description, bool reproducible, bool measuredSometimes)
    {
        Reproducible = reproducible;
        MeasuredSometimes = measuredSometimes;
        Name = name;
        JsonName = jsonName;
        ColumnName = Settings.Setting.SnakeCase(jsonName);
        JournalKey = journalKey;
        Format = format;
        Summary = summary;
        Description = description;
    }

    /// <summary>The <see cref="TrialResult"/> property, e.g. <c>ValidationAccuracy</c>.</summary>
    public string Name { get; }

    /// <summary>The key in results.json, e.g. <c>valAccuracy</c>.</summary>
    public string JsonName { get; }

    /// <summary>The results.csv column and Markdown table header, derived from <see cref="JsonName"/>: <c>val_accuracy</c>.</summary>
    public string ColumnName { get; }

    /// <summary>The key in trials.jsonl and in messages between nodes, e.g. <c>validationAccuracy</c>.</summary>
    public string JournalKey { get; }

    public ResultFormat Format { get; }

    /// <summary>Whether report.md's ranking and the console's table show the field per configuration (numeric fields only).</summary>
    public ResultSummary Summary { get; }

    /// <summary>
    /// Measured only in some sweeps (the test set's figures need a data set with a test part): always a column of the
    /// per-trial files (NaN where not measured), but left out of the per-configuration tables when no trial has a value.
    /// </summary>
    public bool MeasuredSometimes { get; }

    /// <summary>One line for people: what the value means, and its unit.</summary>
    public string Description { get; }

    /// <summary>
    /// True for what the plan and training alone decide (every metric): <c>replay</c> reproduces it bit for bit. False
    /// for facts of the run (wall time, node, attempts).
    /// </summary>
    public bool Reproducible { get; }

    /// <summary>The property's type (<c>double</c>, <c>int</c>, <c>string</c>, ...).</summary>
    public abstract Type ValueType { get; }

    /// <summary>The value as text for a CSV or Markdown cell (unescaped; null text is empty).</summary>
    public abstract string Text(TrialResult result);

    /// <summary>Writes the value as a results.csv cell (RFC 4180 escaped), numbers without making a string.</summary>
    public abstract void WriteCsv(TextWriter writer, TrialResult result);

    /// <summary>Writes the value as the results.json property <see cref="JsonName"/>.</summary>
    public abstract void WriteJson(Utf8JsonWriter json, TrialResult result);

    /// <summary>The value of a numeric field as a double (NaN where there is none); throws for a text field.</summary>
    public abstract double Number(TrialResult result);

    /// <summary>True when both results hold the same value, bit for bit for numbers (NaN equals NaN, 0 differs from −0).</summary>
    public abstract bool SameValue(TrialResult first, TrialResult second);

    public override string ToString() => Name;
}
