using System.Globalization;

namespace DropoutSweep.Engine.Tests;

/// <summary>The rows of a sweep's results.csv that the specs check, read by column name, in file (rank) order.</summary>
internal sealed record ReportRows(int Rank, int TrialId, string Status, double ValidationAccuracy, double ValidationLoss)
{
    public static IReadOnlyList<ReportRows> Read(string outputDirectory)
    {
        var lines = File.ReadAllLines(Path.Combine(outputDirectory, "results.csv"));
        var header = lines[0].Split(',').Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);
        return lines.Skip(1).Select(line => line.Split(',')).Select(cells => new ReportRows(
                int.Parse(cells[header["rank"]], CultureInfo.InvariantCulture),
                int.Parse(cells[header["trial"]], CultureInfo.InvariantCulture),
                cells[header["status"]],
                double.Parse(cells[header["val_accuracy"]], CultureInfo.InvariantCulture),
                double.Parse(cells[header["val_loss"]], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
