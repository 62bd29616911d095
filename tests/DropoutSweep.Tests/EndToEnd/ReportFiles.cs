using System.Text;
using System.Text.Json;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>Reads what a sweep left in its output folder: results.csv rows by column name, log events, journal lines.</summary>
internal static class ReportFiles
{
    /// <summary>The files every finished sweep writes (and, when a configuration completed, best-model.json).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["plan.json", "trials.jsonl", "results.csv", "results.json", "report.md", "report.html", "curves.csv", "sweep.log.json", "best-model.json"];

    /// <summary>results.csv as rows of column → text.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ReadResultsCsv(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "results.csv")).Where(l => l.Length > 0).ToList();
        var header = SplitCsv(lines[0]);
        return lines.Skip(1)
            .Select(SplitCsv)
            .Select(cells => (IReadOnlyDictionary<string, string>)header.Zip(cells).ToDictionary(p => p.First, p => p.Second))
            .ToList();
    }

    /// <summary>Every event of sweep.log.json (compact JSON, one per line).</summary>
    public static IReadOnlyList<JsonElement> ReadLogEvents(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "sweep.log.json"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();

    /// <summary>The number of complete lines in trials.jsonl (0 when it does not exist yet).</summary>
    public static int JournalLines(string folder)
    {
        var journal = Path.Combine(folder, "trials.jsonl");
        if (!File.Exists(journal))
        {
            return 0;
        }

        using var stream = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Count(c => c == '\n');
    }

    /// <summary>Waits until the journal holds at least <paramref name="lines"/> lines or the process exits.</summary>
    public static async Task WaitForJournalAsync(string folder, int lines, SweepProcess process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (JournalLines(folder) < lines)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The journal did not reach {lines} lines.\n{process}");
            }

            await Task.Delay(25);
        }
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
