using System.Globalization;
using System.Text;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Nn.Reference;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>
/// A saved model is the trained network: written, read back and used by <c>predict</c>, it gives the network's own
/// evaluation (the reference path's <see cref="ReferenceNetwork.Evaluate"/>, an independent implementation of the
/// same forward pass) row for row.
/// </summary>
public sealed class ModelFileTests
{
    private static readonly string[] ClassNames = ["arm-a", "arm-b", "arm-c"];

    [Fact]
    public void A_saved_and_reloaded_model_predicts_what_the_trained_network_evaluates()
    {
        var (data, network) = TrainedSpiralNetwork();
        var model = SavedModel.FromParameters(network.GetParameters(), ["x", "y"], null, ClassNames, FeatureScaling.Identity(2));
        using var folder = new TemporaryFolder("model-");
        var path = folder.File("best-model.json");

        ModelFile.Write(path, model);
        var loaded = ModelFile.Read(path);

        var expected = network.Evaluate(data.ValidationX, data.ValidationY);
        var predictor = new ModelPredictor(loaded, ["x", "y"], "validation");
        var lossSum = 0.0;
        var correct = 0;
        for (var row = 0; row < data.ValidationRows; row++)
        {
            var fields = new[] { Text(data.ValidationX[2 * row]), Text(data.ValidationX[(2 * row) + 1]) };
            var prediction = predictor.Predict(fields, row + 2);
            var label = data.ValidationY[row];
            lossSum -= Math.Log(Math.Clamp(prediction.Probabilities[label], 1e-7, 1 - 1e-7));
            correct += prediction.Predicted == ClassNames[label] ? 1 : 0;
        }

        Assert.True(expected.Accuracy is > 0.45 and < 1, $"the network should be well above chance (1/3) but not perfect: {expected.Accuracy}");
        Assert.Equal(expected.Accuracy, (double)correct / data.ValidationRows);
        Assert.Equal(expected.Loss, lossSum / data.ValidationRows, 1e-12);
    }

    [Fact]
    public void Weights_biases_and_descriptions_read_back_bit_for_bit()
    {
        var (_, network) = TrainedSpiralNetwork();
        var parameters = network.GetParameters();
        var scaling = new FeatureScaling(FeatureScaling.Standardize, [0.1, -2.5e-7], [3.0, 1.0 / 3.0]);
        var source = new ModelSource { Trial = 12, Configuration = 4, Repeat = 1, Seed = "18446744073709551615", Settings = new Dictionary<string, string> { ["DropoutRate"] = "0.1" } };
        var model = SavedModel.FromParameters(parameters, ["x", "y"], "arm", ClassNames, scaling, source);

        var loaded = ModelFile.Parse(ModelFile.ToBytes(model), "memory");

        Assert.Equal([2, 32, 3], loaded.LayerSizes);
        for (var l = 0; l < 2; l++)
        {
            Assert.Equal(parameters.Weights[l], loaded.Layers[l].Weights);
            Assert.Equal(parameters.Biases[l], loaded.Layers[l].Biases);
        }

        Assert.Equal(["x", "y"], loaded.FeatureNames);
        Assert.Equal("arm", loaded.LabelColumn);
        Assert.Equal(ClassNames, loaded.ClassNames);
        Assert.Equal(scaling.Shift, loaded.Scaling.Shift);
        Assert.Equal(scaling.Scale, loaded.Scaling.Scale);
        Assert.Equal(FeatureScaling.Standardize, loaded.Scaling.Method);
        Assert.Equal("18446744073709551615", loaded.Source!.Seed);
        Assert.Equal(12, loaded.Source.Trial);
        Assert.Equal("0.1", loaded.Source.Settings["DropoutRate"]);
    }

    [Fact]
    public void Raw_features_are_scaled_as_the_data_loader_scales_them_before_the_first_layer()
    {
        var (_, network) = TrainedSpiralNetwork();
        var parameters = network.GetParameters();
        var plain = SavedModel.FromParameters(parameters, ["x", "y"], null, ClassNames, FeatureScaling.Identity(2));
        var scaled = SavedModel.FromParameters(parameters, ["x", "y"], null, ClassNames, new FeatureScaling(FeatureScaling.Standardize, [10, -4], [2, 0.5]));

        // (30 − 10) / 2 = 10 and (−4.25 + 4) / 0.5 = −0.5, exactly.
        Assert.Equal(plain.Probabilities([10, -0.5]), scaled.Probabilities([30, -4.25]));
    }

    [Fact]
    public void Prediction_finds_feature_columns_by_name_copies_the_label_as_actual_and_counts_accuracy()
    {
        var model = new SavedModel(
            ["a", "b"],
            "kind",
            ["no", "yes"],
            FeatureScaling.Identity(2),
            [new SavedLayer(2, 2, [1, 0, 0, 1], [0, 0])]);
        var predictor = new ModelPredictor(model, ["id", "kind", "b", "a"], "rows.csv");

        // Class "yes" wins when b > a; softmax of (a, b).
        var first = predictor.Predict(["7", "yes", "2", "1"], 2);
        var second = predictor.Predict(["8", "yes", "0", "3"], 3);

        Assert.Equal(["row", "predicted", "actual", "p_no", "p_yes"], predictor.OutputHeader);
        Assert.Equal(("yes", "yes", 1L), (first.Predicted, first.Actual, first.Row));
        Assert.Equal(1 / (1 + Math.Exp(-1)), first.Probabilities[1], 1e-15);
        Assert.Equal("no", second.Predicted);
        Assert.Equal(0.5, predictor.Accuracy);
    }

    [Fact]
    public void Prediction_without_the_label_column_has_no_actual_and_no_accuracy()
    {
        var model = new SavedModel(["a"], "kind", ["0", "1"], FeatureScaling.Identity(1), [new SavedLayer(1, 2, [-1, 1], [0, 0])]);
        var predictor = new ModelPredictor(model, ["a"], "rows.csv");

        var row = predictor.Predict(["2"], 2);

        Assert.Equal(["row", "predicted", "p_0", "p_1"], predictor.OutputHeader);
        Assert.Null(row.Actual);
        Assert.Null(predictor.Accuracy);
    }

    [Fact]
    public void A_missing_feature_column_or_a_field_that_is_not_a_number_is_named()
    {
        var model = new SavedModel(["a", "b"], null, ["0", "1"], FeatureScaling.Identity(2), [new SavedLayer(2, 2, [1, 0, 0, 1], [0, 0])]);

        var missing = Assert.Throws<ModelFileException>(() => new ModelPredictor(model, ["a", "c"], "rows.csv"));
        var predictor = new ModelPredictor(model, ["b", "a"], "rows.csv");
        var text = Assert.Throws<ModelFileException>(() => predictor.Predict(["1", "one"], 5));

        Assert.Contains("'b'", missing.Message, StringComparison.Ordinal);
        Assert.Equal("rows.csv line 5 column 2 (a): 'one' is not a number.", text.Message);
    }

    [Theory]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 2", "memory: formatVersion: 2 is not supported by this build (it reads version 1).")]
    [InlineData("\"biases\": [0,0]", "\"biases\": [0]", "memory: layers[0].biases: 1, expected 2 (one per output (layerSizes[1])).")]
    [InlineData("[1,0]", "[1,0,5]", "memory: layers[0].weights[0]: 3, expected 2 (one weight per output (layerSizes[1])).")]
    [InlineData("\"scale\": [1]", "\"scale\": [0]", "memory: scaling.scale: a scale of 0 would divide by zero.")]
    [InlineData("dropout-sweep-model", "other-model", "memory: format: 'other-model' is not a model of this tool (expected 'dropout-sweep-model').")]
    public void A_broken_model_file_names_the_field(string find, string replace, string message)
    {
        var model = new SavedModel(["a"], null, ["0", "1"], FeatureScaling.Identity(1), [new SavedLayer(1, 2, [1, 0], [0, 0])]);
        var text = Encoding.UTF8.GetString(ModelFile.ToBytes(model));
        Assert.Contains(find, text, StringComparison.Ordinal);

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal)), "memory"));

        Assert.Equal(message, error.Message);
    }

    private static string Text(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static (Dataset Data, ReferenceNetwork Network) TrainedSpiralNetwork()
    {
        var data = TrainedNetworks.Spiral();
        return (data, TrainedNetworks.Train(data, dropoutRate: 0.1));
    }
}
