using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DropoutSweep.Core.Results;

namespace DropoutSweep.Engine;

/// <summary>
/// The aggregator's files: the journal and the ranked report. Interim implementation until the Results writers and
/// TrialJournal land on main (then this delegates to them).
/// </summary>
internal sealed class SweepFiles(SweepRun run)
{
    private static readonly JsonSerializerOptions JournalJson = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private string JournalPath => Path.Combine(run.OutputDirectory, "trials.jsonl");

    /// <summary>True when <paramref name="a"/> ranks above <paramref name="b"/> as a single trial.</summary>
    public static bool IsBetter(TrialResult a, TrialResult b) =>
        a.ValidationAccuracy > b.ValidationAccuracy
        || (a.ValidationAccuracy.Equals(b.ValidationAccuracy) && (a.ValidationLoss < b.ValidationLoss
            || (a.ValidationLoss.Equals(b.ValidationLoss) && a.TrialId < b.TrialId)));

    /// <summary>Appends one result to trials.jsonl and flushes it to the disk.</summary>
    public void Journal(TrialResult result)
    {
        var line = JsonSerializer.Serialize(result, JournalJson) + "\n";
        using var stream = new FileStream(JournalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Ranks the results and writes the report files; returns the ranking.</summary>
    public IReadOnlyList<RankedTrial> WriteReport(IEnumerable<TrialResult> results, bool complete, TimeSpan elapsed)
    {
        var ranked = Rank(results);
        var csv = new StringBuilder("rank,trial,repeat,status,val_accuracy,val_loss,seconds,node\n");
        foreach (var row in ranked)
        {
            var r = row.Result;
            csv.Append(CultureInfo.InvariantCulture, $"{row.Rank},{r.TrialId},{r.Repeat},{r.Status},{r.ValidationAccuracy:R},{r.ValidationLoss:R},{r.Seconds:F3},{r.Node}\n");
        }

        var path = Path.Combine(run.OutputDirectory, "results.csv");
        File.WriteAllText(path + ".tmp", csv.ToString());
        File.Move(path + ".tmp", path, overwrite: true);
        _ = complete;
        _ = elapsed;
        return ranked;
    }

    private static List<RankedTrial> Rank(IEnumerable<TrialResult> results)
    {
        // Configurations by mean final validation accuracy (desc), then mean loss (asc), then lowest trial id.
        var configs = results
            .GroupBy(r => r.ConfigIndex)
            .Select(g => (Trials: g.OrderBy(r => r.TrialId).ToList(), Accuracy: g.Average(r => r.ValidationAccuracy), Loss: g.Average(r => r.ValidationLoss)))
            .OrderBy(c => double.IsNaN(c.Accuracy) ? 1 : 0)
            .ThenByDescending(c => c.Accuracy)
            .ThenBy(c => c.Loss)
            .ThenBy(c => c.Trials[0].TrialId)
            .ToList();
        var ranked = new List<RankedTrial>();
        for (var i = 0; i < configs.Count; i++)
        {
            ranked.AddRange(configs[i].Trials.Select(t => new RankedTrial(i + 1, t)));
        }

        return ranked;
    }
}
