using System.Text.Json;

namespace DropoutSweep.Core.Results;

/// <summary>One column of results.csv and the matching key of a trial in results.json, with how each writes a trial's value.</summary>
internal sealed record TrialColumn(string ColumnName, string JsonName, Action<TextWriter, RankedTrial> WriteCsv, Action<Utf8JsonWriter, RankedTrial> WriteJson);
