using System.Text.Json;

namespace DropoutSweep.Core.Results;

/// <summary>One column of results.csv and the matching key of a trial in results.json.</summary>
internal sealed record TrialColumn(string ColumnName, string JsonName, Func<RankedTrial, string> Text, Action<Utf8JsonWriter, RankedTrial> WriteJson);
