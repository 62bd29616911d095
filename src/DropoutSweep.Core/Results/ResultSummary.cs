namespace DropoutSweep.Core.Results;

/// <summary>Where a numeric <see cref="ResultField"/> is also shown per configuration, as mean ± sample std over the repeats.</summary>
public enum ResultSummary
{
    /// <summary>Per trial only (results.csv, results.json, the journal).</summary>
    None,

    /// <summary>Also in report.md's ranking table.</summary>
    Report,

    /// <summary>Also in report.md's ranking table and the console's final table.</summary>
    Console,
}
