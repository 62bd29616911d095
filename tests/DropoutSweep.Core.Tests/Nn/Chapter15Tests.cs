using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Results;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>
/// The book's Chapter 15 run lands in the band of the book and the numpy reference: 64 hidden units, dropout 0.1,
/// L2 5e-4 on the hidden layer's weights and biases and none on the output layer, Adam lr 0.05 decay 5e-5,
/// 10 001 full-batch epochs on a 1000×3 spiral, validated on a separate 100×3 spiral. The book printed 0.757, its
/// script re-run here 0.767, the numpy reference over 3 seeds 0.65/0.69/0.75; our data and masks come from our own
/// RNG, so the mean of 3 seeds must fall in 0.66–0.82.
/// </summary>
public sealed class Chapter15Tests(ITestOutputHelper output)
{
    [Fact]
    public void Chapter_15_run_reaches_the_books_validation_accuracy_band()
    {
        var data = DatasetLoader.Load(new DatasetOptions { Kind = DatasetKind.Spiral, Samples = 1000, Classes = 3, ValidationSamples = 100, Seed = 0 });
        var options = new TrainingOptions
        {
            Hidden = [64],
            Epochs = 10001,
            DropoutRate = 0.1,
            L2 = 5e-4,
            OutputL2 = 0,
            LearningRate = 0.05,
            Decay = 5e-5,
            EvaluateEvery = 10001,
        };

        var results = new[] { 1UL, 2UL, 3UL }.Select(seed => Trainer.Train(data, options, seed, TestContext.Current.CancellationToken)).ToArray();
        foreach (var result in results)
        {
            output.WriteLine($"validation accuracy {result.ValidationAccuracy:F3}, loss {result.ValidationLoss:F3}; training accuracy {result.TrainAccuracy:F3}, loss {result.TrainLoss:F3}; {result.EpochsPerSecond:F0} epochs/s");
            Assert.Equal(TrialStatus.Completed, result.Status);
        }

        var mean = results.Average(r => r.ValidationAccuracy);
        output.WriteLine($"mean validation accuracy {mean:F3}");
        Assert.InRange(mean, 0.66, 0.82);
    }
}
