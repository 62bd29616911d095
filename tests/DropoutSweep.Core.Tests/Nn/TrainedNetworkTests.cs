using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Model;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>
/// A network trained by <see cref="TrainedNetwork.Train"/> on a CSV, saved and read back, then applied to the raw CSV by
/// <c>predict</c>'s code: it must classify every row as the trainer's own float32 network did. The trainer's last
/// evaluation gives that count independently: iris has 50 rows per class, and a validation fraction of 0.3 holds out
/// 15 of each, so 105 training rows and 45 validation rows.
/// </summary>
public sealed class TrainedNetworkTests
{
    private static string Iris => Path.Combine(AppContext.BaseDirectory, "TestData", "datasets", "iris.csv");

    [Fact]
    public void Training_with_the_network_kept_gives_the_same_result_as_training_without()
    {
        var data = LoadIris();
        var options = Options();

        var plain = Trainer.Train(data, options, seed: 11, TestContext.Current.CancellationToken);
        var kept = TrainedNetwork.Train(data, options, seed: 11, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(plain with { WallSeconds = 0, EpochsPerSecond = 0 }, kept.Result with { WallSeconds = 0, EpochsPerSecond = 0 });
        Assert.Equal(plain.Curve, kept.Result.Curve);
        Assert.NotNull(kept.Model);
    }

    [Fact]
    public void A_saved_model_predicts_the_raw_csv_as_the_trained_network_evaluated_it()
    {
        var data = LoadIris();
        var trained = TrainedNetwork.Train(data, Options(), seed: 11, cancellationToken: TestContext.Current.CancellationToken);
        var model = ModelFile.Parse(ModelFile.ToBytes(trained.Model!), "iris-model.json");

        using var output = new StringWriter();
        var predictor = CsvPredictions.Write(model, Iris, output);

        var last = trained.Result.Curve[^1];
        Assert.Equal(105, data.TrainRows);
        Assert.Equal(45, data.ValidationRows);
        Assert.Equal(150, predictor.Rows);
        Assert.Equal(Math.Round((last.TrainEvalAccuracy * 105) + (last.ValidationAccuracy * 45)), predictor.Correct);
        Assert.Equal(["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"], model.FeatureNames);
        Assert.Equal("label", model.LabelColumn);
        Assert.Equal(FeatureScaling.Standardize, model.Scaling.Method);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,predicted,actual,p_0,p_1,p_2", lines[0]);
        Assert.Equal(151, lines.Length);
    }

    [Fact]
    public void A_diverged_network_is_not_kept()
    {
        var trained = TrainedNetwork.Train(LoadIris(), Options() with { Optimizer = OptimizerKind.Sgd, LearningRate = 1e6, Decay = 0 }, seed: 11, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(DropoutSweep.Core.Results.TrialStatus.Diverged, trained.Result.Status);
        Assert.Null(trained.Model);
    }

    private static TrainingOptions Options() => new() { Hidden = [16], Epochs = 120, LearningRate = 0.02, EvaluateEvery = 20, DropoutRate = 0.1, L2 = 1e-4 };

    private static Dataset LoadIris() => DatasetLoader.Load(new DatasetOptions { Kind = DatasetKind.Csv, Path = Iris, Label = "label", ValidationFraction = 0.3, Seed = 0 });
}
