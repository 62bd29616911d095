namespace DropoutSweep.Core.Results;

/// <summary>
/// One column of a learning curve, declared once in <see cref="CurveColumns"/>: its key in the journal's
/// <c>curve</c> object (<see cref="JsonName"/>), its curves.csv column (<see cref="ColumnName"/>), and how it reads and
/// sets a <see cref="CurvePoint"/> property.
/// </summary>
public sealed class CurveColumn
{
    internal CurveColumn(string jsonName, bool isInteger, string description, Func<CurvePoint, double> get, Func<CurvePoint, double, CurvePoint> set)
    {
        JsonName = jsonName;
        ColumnName = Settings.Setting.SnakeCase(jsonName);
        IsInteger = isInteger;
        Description = description;
        Get = get;
        Set = set;
    }

    /// <summary>The key in the journal's <c>curve</c> object, e.g. <c>trainEvalLoss</c>.</summary>
    public string JsonName { get; }

    /// <summary>The curves.csv column, e.g. <c>train_eval_loss</c>.</summary>
    public string ColumnName { get; }

    /// <summary>True for the epoch: written as a whole number.</summary>
    public bool IsInteger { get; }

    public string Description { get; }

    /// <summary>Reads the column from a point (the epoch as a double).</summary>
    public Func<CurvePoint, double> Get { get; }

    /// <summary>Returns the point with the column set.</summary>
    public Func<CurvePoint, double, CurvePoint> Set { get; }

    public override string ToString() => JsonName;
}
