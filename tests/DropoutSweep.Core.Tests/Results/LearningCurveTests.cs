using System.Text.Json;
using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class LearningCurveTests
{
    [Fact]
    public void A_curve_is_one_array_per_column_and_reads_back_equal_nan_included()
    {
        var curve = new LearningCurve([.. Curve(3, 2), Curve(3, 3)[2] with { ValidationLoss = double.NaN }]);

        var json = JsonSerializer.Serialize(curve, JsonFormats.Compact);

        Assert.StartsWith("{\"epoch\":[10,20,30],\"trainDataLoss\":[3010.1,3020.1,3030.1],", json);
        Assert.Contains("\"valLoss\":[3010.3,3020.3,\"NaN\"]", json);
        Assert.Equal(curve, JsonSerializer.Deserialize<LearningCurve>(json, JsonFormats.Compact));
    }

    [Fact]
    public void A_column_an_older_journal_lacks_reads_as_nan_and_an_unknown_one_is_skipped()
    {
        var curve = JsonSerializer.Deserialize<LearningCurve>("{\"epoch\":[5],\"valLoss\":[0.5],\"someday\":[1]}", JsonFormats.Compact)!;

        var point = Assert.Single(curve);
        Assert.Equal(5, point.Epoch);
        Assert.Equal(0.5, point.ValidationLoss);
        Assert.True(double.IsNaN(point.LearningRate));
    }

    [Fact]
    public void Columns_of_different_lengths_are_not_a_curve()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LearningCurve>("{\"epoch\":[5,10],\"valLoss\":[0.5]}", JsonFormats.Compact));

        Assert.Contains("\"valLoss\" has 1 values for 2 epochs", error.Message);
    }

    [Fact]
    public void Curves_compare_by_value()
    {
        Assert.Equal(Curve(1, 3), Curve(1, 3));
        Assert.NotEqual(Curve(1, 3), Curve(2, 3));
        Assert.Equal(LearningCurve.Empty, new LearningCurve([]));
    }
}
