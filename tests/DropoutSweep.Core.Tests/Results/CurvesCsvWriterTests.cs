using System.Globalization;
using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class CurvesCsvWriterTests : IDisposable
{
    private readonly TemporaryFolder _temporary = new("dropout-sweep-curves-");

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public void Curves_are_written_in_long_form_one_row_per_trial_and_evaluation()
    {
        var plan = Plan([0.0, 0.1]);
        var ranking = Ranking.Build(plan, [Completed(plan, 1, 0.5), Completed(plan, 2, 0.6)]);

        var lines = CurvesCsvWriter.Format(ranking, [(1, Curve(1, 2)), (2, Curve(2, 1))]).TrimEnd('\n').Split('\n');

        Assert.Equal("trial,epoch,train_data_loss,regularization_loss,train_eval_accuracy,train_eval_loss,val_accuracy,val_loss,learning_rate", lines[0]);
        Assert.Equal(["1,10", "1,20", "2,10"], lines.Skip(1).Select(line => string.Join(',', line.Split(',').Take(2))));
        var cells = lines[2].Split(',');
        Assert.Equal(1020.1, double.Parse(cells[2], CultureInfo.InvariantCulture));
        Assert.Equal(1.0 / 6, double.Parse(cells[3], CultureInfo.InvariantCulture)); // round-trips
        Assert.Equal(0.05 / (1 + (5e-5 * 20)), double.Parse(cells[8], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_sweep_report_writes_the_journals_curves_by_trial_number_for_the_ranked_trials()
    {
        var plan = Plan([0.0, 0.1, 0.2]);
        using (var journal = TrialJournal.Open(_temporary.Path))
        {
            journal.Append(Completed(plan, 3, 0.9), Curve(3, 2));
            journal.Append(NotCompleted(plan, 2, TrialStatus.Failed, "boom"));
            journal.Append(Completed(plan, 1, 0.5), Curve(1, 1));
        }

        var results = TrialJournal.Read(_temporary.Path).Results;
        SweepReport.Write(_temporary.Path, plan, results, Summary());

        var rows = File.ReadAllLines(_temporary.File(CurvesCsvWriter.FileName)).Skip(1).Select(line => line.Split(',')[0] + "," + line.Split(',')[1]);
        Assert.Equal(["1,10", "3,10", "3,20"], rows);
    }
}
