using DropoutSweep.Core.Data;
using DropoutSweep.Core.Randomness;
using Xunit;

namespace DropoutSweep.Core.Tests.Data;

public sealed class SpiralDatasetTests
{
    [Fact]
    public void Validation_samples_give_a_second_spiral_generated_after_the_training_spiral_from_the_same_seed()
    {
        var options = new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 1000, Classes = 3, ValidationSamples = 100, Seed = 9 };

        var dataset = DatasetLoader.Load(options);

        var rng = new Rng(9);
        var (trainX, trainY) = SpiralGenerator.Generate(1000, 3, rng.NextGaussian);
        var (validationX, validationY) = SpiralGenerator.Generate(100, 3, rng.NextGaussian);
        Assert.Equal(trainX, dataset.TrainX);
        Assert.Equal(trainY, dataset.TrainY);
        Assert.Equal(validationX, dataset.ValidationX);
        Assert.Equal(validationY, dataset.ValidationY);
        Assert.Equal(2, dataset.Features);
        Assert.Equal(3, dataset.Classes);
        Assert.Equal("spiral 1000×3, validation spiral 100×3", dataset.Name);
    }

    [Fact]
    public void Validation_fraction_splits_one_spiral_per_class_after_a_seeded_shuffle()
    {
        var options = new DatasetOptions { Samples = 2000, Classes = 3, ValidationFraction = 0.5, Seed = 1 };

        var dataset = DatasetLoader.Load(options);

        Assert.Equal(3000, dataset.TrainRows);
        Assert.Equal(3000, dataset.ValidationRows);
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(1000, dataset.TrainY.Count(label => label == k));
            Assert.Equal(1000, dataset.ValidationY.Count(label => label == k));
        }

        // Shuffled, not sorted by class: the first hundred training rows mix the classes.
        Assert.Equal(3, dataset.TrainY.Take(100).Distinct().Count());

        // Together the two parts are exactly the generated spiral's points.
        var (allX, _) = SpiralGenerator.Generate(2000, 3, new Rng(1).NextGaussian);
        var expected = Points(allX).Order().ToArray();
        var actual = Points(dataset.TrainX).Concat(Points(dataset.ValidationX)).Order().ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_same_data_seed_gives_identical_data_and_another_seed_other_data()
    {
        var options = new DatasetOptions { Samples = 200, ValidationFraction = 0.25, Seed = 4 };

        var first = DatasetLoader.Load(options);
        var again = DatasetLoader.Load(options);
        var other = DatasetLoader.Load(options with { Seed = 5 });

        Assert.Equal(first.TrainX, again.TrainX);
        Assert.Equal(first.ValidationY, again.ValidationY);
        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.NotEqual(first.TrainX, other.TrainX);
        Assert.NotEqual(first.ContentHash, other.ContentHash);
    }

    [Fact]
    public void The_content_hash_is_sha256_hex_and_changes_with_every_setting()
    {
        var options = new DatasetOptions { Samples = 100, Classes = 3, ValidationSamples = 50, Seed = 0 };

        var hashes = new[]
        {
            DatasetLoader.Load(options).ContentHash,
            DatasetLoader.Load(options with { Samples = 101 }).ContentHash,
            DatasetLoader.Load(options with { Classes = 4 }).ContentHash,
            DatasetLoader.Load(options with { ValidationSamples = 51 }).ContentHash,
            DatasetLoader.Load(options with { ValidationSamples = null, ValidationFraction = 0.5 }).ContentHash,
            DatasetLoader.Load(options with { Seed = 1 }).ContentHash,
        };

        Assert.All(hashes, hash => Assert.Matches("^[0-9a-f]{64}$", hash));
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_validation_fraction_outside_zero_to_one_is_refused_by_name(double fraction)
    {
        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(new DatasetOptions { ValidationFraction = fraction }));

        Assert.Contains("Dataset:ValidationFraction", error.Message);
    }

    [Fact]
    public void Both_or_neither_validation_setting_is_refused_naming_both()
    {
        var both = Assert.Throws<DatasetException>(() => DatasetLoader.Load(new DatasetOptions { ValidationFraction = 0.5, ValidationSamples = 100 }));
        var neither = Assert.Throws<DatasetException>(() => DatasetLoader.Load(new DatasetOptions()));

        Assert.Contains("ValidationSamples", both.Message);
        Assert.Contains("ValidationFraction", both.Message);
        Assert.Contains("ValidationSamples", neither.Message);
        Assert.Contains("ValidationFraction", neither.Message);
    }

    [Theory]
    [InlineData(1, 3, null, "Dataset:Samples")]
    [InlineData(100, 1, null, "Dataset:Classes")]
    [InlineData(100, 3, 1, "Dataset:ValidationSamples")]
    public void Too_small_spiral_settings_are_refused_by_name(int samples, int classes, int? validationSamples, string setting)
    {
        var options = new DatasetOptions { Samples = samples, Classes = classes, ValidationSamples = validationSamples ?? 100 };

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(options));

        Assert.Contains(setting, error.Message);
    }

    private static IEnumerable<(float, float)> Points(float[] x)
    {
        for (var i = 0; i < x.Length; i += 2)
        {
            yield return (x[i], x[i + 1]);
        }
    }
}
