using System.Globalization;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;
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

        Assert.Equal(
            "rank,trial,repeat,status,dropout_rate,l2,learning_rate,seed,val_accuracy,val_loss,best_val_accuracy,best_epoch,train_accuracy,train_loss,epochs,seconds,node,stopped_early,rung",
            lines[0]);
    }

    [Fact]
    public void Rows_are_ranked_share_their_configurations_rank_and_hold_the_trials_values()
    {
        var plan = Plan([0.0, 0.25], repeats: 2);
        TrialResult[] results = [Completed(plan, 1, 0.5), Completed(plan, 2, 0.6), Completed(plan, 3, 0.9), NotCompleted(plan, 4, TrialStatus.Diverged, "NaN loss")];

        var rows = Lines(ResultsCsvWriter.Format(Ranking.Build(plan, results))).Skip(1).Select(line => line.Split(',')).ToArray();

        // Config 2 has a diverged repeat, so config 1 ranks first although trial 3 scored best.
        Assert.Equal(["1", "1", "2", "2"], rows.Select(r => r[0]));
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r[1]));
        Assert.Equal(["1", "2", "1", "2"], rows.Select(r => r[2]));
        Assert.Equal(["Completed", "Completed", "Completed", "Diverged"], rows.Select(r => r[3]));
        Assert.Equal("0.25", rows[2][4]);
        Assert.Equal("0.0005", rows[2][5]);
        Assert.Equal("0.05", rows[2][6]);
        Assert.Equal("1002", rows[2][7]);
        Assert.Equal("1.235", rows[0][15]);
        Assert.Equal("127.0.0.1:41234", rows[3][16]);
    }

    [Fact]
    public void Metrics_read_back_to_the_same_doubles_and_nan_reads_back_as_nan()
    {
        var plan = Plan([0.0, 0.1]);
        var awkward = Completed(plan, 1, 0.1 + 0.2, loss: Math.PI / 3) with { TrainLoss = 1e-300, TrainAccuracy = 2.0 / 3.0 };
        var failed = NotCompleted(plan, 2, TrialStatus.Failed, "boom");

        var rows = Lines(ResultsCsvWriter.Format(Ranking.Build(plan, [awkward, failed]))).Skip(1).Select(line => line.Split(',')).ToArray();

        Assert.Equal(awkward.ValidationAccuracy, Parse(rows[0][8]));
        Assert.Equal(awkward.ValidationLoss, Parse(rows[0][9]));
        Assert.Equal(awkward.BestValidationAccuracy, Parse(rows[0][10]));
        Assert.Equal(awkward.TrainAccuracy, Parse(rows[0][12]));
        Assert.Equal(awkward.TrainLoss, Parse(rows[0][13]));
        Assert.Equal("NaN", rows[1][8]);
        Assert.True(double.IsNaN(Parse(rows[1][8])));
    }

    [Fact]
    public void Another_swept_setting_gets_its_own_column_and_layer_lists_are_quoted()
    {
        var plan = Plan([0.1], extra: ("Epochs", [5, 20]));
        var ranking = Ranking.Build(plan, [Completed(plan, 1, 0.5), Completed(plan, 2, 0.4)]);

        var lines = Lines(ResultsCsvWriter.Format(ranking));

        Assert.StartsWith("rank,trial,repeat,status,dropout_rate,l2,learning_rate,epochs,seed,", lines[0]);
        Assert.StartsWith("1,1,1,Completed,0.1,0.0005,0.05,5,1000,", lines[1]);

        var twoLayers = plan.Trials[0] with { Training = plan.Trials[0].Training with { Hidden = [256, 128] } };
        var hiddenPlan = plan with { SweptSettings = ["DropoutRate", "Hidden"], Trials = [twoLayers] };
        var hiddenLines = Lines(ResultsCsvWriter.Format(Ranking.Build(hiddenPlan, [Completed(hiddenPlan, 1, 0.5)])));
        Assert.Contains(",hidden,", hiddenLines[0]);
        Assert.Contains(",\"[256,128]\",", hiddenLines[1]);
    }

    private static string[] Lines(string text)
    {
        Assert.EndsWith("\n", text);
        return text.TrimEnd('\n').Split('\n');
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
