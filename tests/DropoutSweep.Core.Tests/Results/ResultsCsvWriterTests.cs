using System.Globalization;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class ResultsCsvWriterTests
{
    [Fact]
    public void The_header_lists_the_agreed_columns_with_the_three_default_settings()
    {
        var plan = Plan([0.1]);

        var lines = Lines(ResultsCsvWriter.Format(Ranking.Build(plan, [Completed(plan, 1, 0.5)])));

        // The column list of the README's report section, typed out rather than derived from the catalogue.
        Assert.Equal(
            "rank,trial,configuration,repeat,status,dropout_rate,l2,learning_rate,seed,val_accuracy,val_loss,best_val_accuracy,best_epoch,best_val_loss,"
            + "test_accuracy,test_loss,train_accuracy,train_loss,epochs_run,stopped_early,rung,seconds,node,attempts,reason",
            lines[0]);
    }

    [Fact]
    public void Rows_are_ranked_share_their_configurations_rank_and_hold_the_trials_values()
    {
        var plan = Plan([0.0, 0.25], repeats: 2);
        TrialResult[] results = [Completed(plan, 1, 0.5), Completed(plan, 2, 0.6), Completed(plan, 3, 0.9), NotCompleted(plan, 4, TrialStatus.Diverged, "validation loss became NaN at epoch 3, after 2")];

        var rows = Rows(ResultsCsvWriter.Format(Ranking.Build(plan, results)));

        // Config 2 has a diverged repeat, so config 1 ranks first although trial 3 scored best.
        Assert.Equal(["1", "1", "2", "2"], rows.Select(r => r["rank"]));
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r["trial"]));
        Assert.Equal(["1", "1", "2", "2"], rows.Select(r => r["configuration"]));
        Assert.Equal(["1", "2", "1", "2"], rows.Select(r => r["repeat"]));
        Assert.Equal(["Completed", "Completed", "Completed", "Diverged"], rows.Select(r => r["status"]));
        Assert.Equal("0.25", rows[2]["dropout_rate"]);
        Assert.Equal("0.0005", rows[2]["l2"]);
        Assert.Equal("0.05", rows[2]["learning_rate"]);
        Assert.Equal("1002", rows[2]["seed"]);
        Assert.Equal("1.235", rows[0]["seconds"]);
        Assert.Equal("10", rows[0]["epochs_run"]);
        Assert.Equal("127.0.0.1:41234", rows[3]["node"]);
        Assert.Equal("validation loss became NaN at epoch 3, after 2", rows[3]["reason"]);
        Assert.Equal(string.Empty, rows[0]["reason"]);
    }

    [Fact]
    public void Metrics_read_back_to_the_same_doubles_and_nan_reads_back_as_nan()
    {
        var plan = Plan([0.0, 0.1]);
        var awkward = Completed(plan, 1, 0.1 + 0.2, loss: Math.PI / 3) with { TrainLoss = 1e-300, TrainAccuracy = 2.0 / 3.0 };
        var failed = NotCompleted(plan, 2, TrialStatus.Failed, "boom");

        var rows = Rows(ResultsCsvWriter.Format(Ranking.Build(plan, [awkward, failed])));

        Assert.Equal(awkward.ValidationAccuracy, Parse(rows[0]["val_accuracy"]));
        Assert.Equal(awkward.ValidationLoss, Parse(rows[0]["val_loss"]));
        Assert.Equal(awkward.BestValidationAccuracy, Parse(rows[0]["best_val_accuracy"]));
        Assert.Equal(awkward.BestValidationLoss, Parse(rows[0]["best_val_loss"]));
        Assert.Equal(awkward.TrainAccuracy, Parse(rows[0]["train_accuracy"]));
        Assert.Equal(awkward.TrainLoss, Parse(rows[0]["train_loss"]));
        Assert.Equal("NaN", rows[1]["val_accuracy"]);
        Assert.True(double.IsNaN(Parse(rows[1]["val_accuracy"])));
    }

    [Fact]
    public void Another_swept_setting_gets_its_own_column_and_layer_lists_are_quoted()
    {
        var plan = Plan([0.1], extra: ("Epochs", [5, 20]));
        var ranking = Ranking.Build(plan, [Completed(plan, 1, 0.5), Completed(plan, 2, 0.4)]);

        var lines = Lines(ResultsCsvWriter.Format(ranking));

        Assert.StartsWith("rank,trial,configuration,repeat,status,dropout_rate,l2,learning_rate,epochs,seed,", lines[0]);
        Assert.StartsWith("1,1,1,1,Completed,0.1,0.0005,0.05,5,1000,", lines[1]);

        var twoLayers = plan.Trials[0] with { Training = plan.Trials[0].Training with { Hidden = [256, 128] } };
        var hiddenPlan = plan with { SweptSettings = ["DropoutRate", "Hidden"], Trials = [twoLayers] };
        var hiddenLines = Lines(ResultsCsvWriter.Format(Ranking.Build(hiddenPlan, [Completed(hiddenPlan, 1, 0.5)])));
        Assert.Contains(",hidden,", hiddenLines[0]);
        Assert.Contains(",\"[256,128]\",", hiddenLines[1]);
    }

    [Fact]
    public void With_epochs_swept_a_row_has_one_epochs_column_the_setting_and_the_epochs_run_beside_it()
    {
        // Issue 8: the count of epochs actually run once shared the name "epochs" with the setting.
        var plan = Plan([0.1], extra: ("Epochs", [5, 20]));
        var stopped = Completed(plan, 2, 0.4) with { EpochsRun = 7 };

        var rows = Rows(ResultsCsvWriter.Format(Ranking.Build(plan, [Completed(plan, 1, 0.5), stopped])));

        var header = Lines(ResultsCsvWriter.Format(Ranking.Build(plan, [stopped])))[0].Split(',');
        Assert.Single(header, name => name == "epochs");
        Assert.Single(header, name => name == "epochs_run");
        var second = Assert.Single(rows, row => row["trial"] == "2");
        Assert.Equal("20", second["epochs"]);
        Assert.Equal("7", second["epochs_run"]);
    }

    [Fact]
    public void Every_column_name_is_unique_when_every_sweepable_setting_is_swept()
    {
        var plan = Plan([0.1]) with { SweptSettings = TrainingSettings.Sweepable.Select(setting => setting.Name).ToArray() };

        var columns = ResultsCsvWriter.Columns(Ranking.Build(plan, [Completed(plan, 1, 0.5)]));

        Assert.Equal(columns.Count, columns.Distinct().Count());
        Assert.Equal(TrainingSettings.Sweepable.Count + ResultFields.All.Count + 1, columns.Count);
    }

    private static string[] Lines(string text)
    {
        Assert.EndsWith("\n", text);
        return text.TrimEnd('\n').Split('\n');
    }

    /// <summary>The data rows by column name (RFC 4180 quoting undone).</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(string text)
    {
        var lines = Lines(text);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => (IReadOnlyDictionary<string, string>)header.Zip(SplitQuoted(line)).ToDictionary(p => p.First, p => p.Second)).ToArray();
    }

    // RFC 4180 fields: bare, or quoted with doubled quotes inside.
    private static IEnumerable<string> SplitQuoted(string line) =>
        System.Text.RegularExpressions.Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)")
            .Select(match => match.Groups[1].Value)
            .Select(field => field.StartsWith('"') ? field[1..^1].Replace("\"\"", "\"") : field);

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
