namespace DropoutSweep.Core.Results.Html;

/// <summary>The numbers a chart draws, as a table shown under it (and read by the tests): column names and rows of text.</summary>
public sealed record ChartTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
