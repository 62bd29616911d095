using DropoutSweep.Core.Data;
using Xunit;

namespace DropoutSweep.Core.Tests.Data;

public sealed class CsvDatasetTests
{
    [Theory]
    [InlineData("iris.csv", 150, 4, new[] { 50, 50, 50 })]
    [InlineData("wine.csv", 178, 13, new[] { 59, 71, 48 })]
    [InlineData("digits.csv", 1797, 64, new[] { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 })]
    [InlineData("fashion_mnist_test1000.csv", 1000, 784, null)]
    public void A_bundled_data_set_loads_with_every_row_and_class_split_by_class(string file, int rows, int features, int[]? classCounts)
    {
        var dataset = DatasetLoader.Load(Csv(file, 0.2));

        Assert.Equal(file, dataset.Name);
        Assert.Equal(features, dataset.Features);
        Assert.Equal(file.StartsWith("iris") || file.StartsWith("wine") ? 3 : 10, dataset.Classes);
        Assert.Equal(rows, dataset.TrainRows + dataset.ValidationRows);
        var counts = Enumerable.Range(0, dataset.Classes)
            .Select(k => dataset.TrainY.Count(y => y == k) + dataset.ValidationY.Count(y => y == k))
            .ToArray();
        if (classCounts is not null)
        {
            Assert.Equal(classCounts, counts);
        }

        // Stratified: each class gives round(20 %) of its rows to validation.
        for (var k = 0; k < dataset.Classes; k++)
        {
            var expected = (int)Math.Round(counts[k] * 0.2, MidpointRounding.AwayFromZero);
            Assert.Equal(expected, dataset.ValidationY.Count(y => y == k));
        }
    }

    [Theory]
    [InlineData("iris.csv")]
    [InlineData("wine.csv")]
    [InlineData("digits.csv")]
    public void Features_are_standardised_with_the_training_parts_statistics(string file)
    {
        var dataset = DatasetLoader.Load(Csv(file, 0.3));

        for (var j = 0; j < dataset.Features; j++)
        {
            var column = Column(dataset.TrainX, dataset.Features, j);
            var mean = column.Average();
            var sd = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
            Assert.InRange(mean, -1e-5, 1e-5);

            // digits has pixels that are 0 in every training image: they stay 0 (scale 1), never NaN.
            Assert.True(Math.Abs(sd - 1) < 1e-4 || column.All(v => v == 0), $"column {j}: sd {sd}");
            Assert.All(Column(dataset.ValidationX, dataset.Features, j), v => Assert.True(double.IsFinite(v)));
        }

        // The validation part is scaled with the training statistics, so its own mean is near but not exactly 0.
        var validationMeans = Enumerable.Range(0, dataset.Features).Select(j => Column(dataset.ValidationX, dataset.Features, j).Average()).ToArray();
        Assert.Contains(validationMeans, mean => Math.Abs(mean) > 1e-3);
    }

    [Fact]
    public void Without_standardisation_the_values_are_the_files()
    {
        var dataset = DatasetLoader.Load(Csv("iris.csv", 0.2) with { Standardize = false });

        var all = dataset.TrainX.Concat(dataset.ValidationX).ToArray();
        Assert.Equal(0.1f, all.Min());
        Assert.Equal(7.9f, all.Max());
    }

    [Fact]
    public void The_split_is_shuffled_seeded_and_repeatable()
    {
        var first = DatasetLoader.Load(Csv("iris.csv", 0.2));
        var again = DatasetLoader.Load(Csv("iris.csv", 0.2));
        var other = DatasetLoader.Load(Csv("iris.csv", 0.2) with { Seed = 99 });

        Assert.Equal(first.TrainX, again.TrainX);
        Assert.Equal(first.ValidationY, again.ValidationY);
        Assert.NotEqual(first.ValidationX, other.ValidationX);

        // iris is sorted by class in the file; the training part is not.
        Assert.Equal(3, first.TrainY.Take(20).Distinct().Count());
    }

    [Fact]
    public void The_content_hash_is_the_sha256_of_the_files_bytes()
    {
        var dataset = DatasetLoader.Load(Csv("digits.csv", 0.2));

        Assert.Equal("7a93e51f73dadeb4429b4fc0718b334d12864332b906bdf44f9da7599a7e0e01", dataset.ContentHash);
    }

    internal static DatasetOptions Csv(string file, double fraction) => new()
    {
        Kind = DatasetKind.Csv,
        Path = Path.Combine(AppContext.BaseDirectory, "TestData", "datasets", file),
        ValidationFraction = fraction,
        Seed = 3,
    };

    private static double[] Column(float[] x, int features, int j)
    {
        var values = new double[x.Length / features];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = x[(i * features) + j];
        }

        return values;
    }
}
