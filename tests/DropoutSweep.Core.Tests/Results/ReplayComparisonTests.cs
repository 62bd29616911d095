using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class ReplayComparisonTests
{
    private static readonly DropoutSweep.Core.Search.SweepPlan SweepPlan = Plan([0.0, 0.1]);

    [Fact]
    public void The_same_result_and_curve_have_no_difference_even_with_other_run_facts()
    {
        var result = Completed(SweepPlan, 1, 0.75);
        var replayed = result with { Seconds = 9.5, Node = "replay", Attempts = 1 };
        var journaled = result with { Node = "10.0.0.7:4053", Attempts = 2 };

        Assert.Empty(ReplayComparison.Differences(journaled, Curve(1, 3), replayed, Curve(1, 3)));
    }

    [Fact]
    public void Each_differing_metric_is_named_with_both_values_bit_for_bit()
    {
        var journaled = Completed(SweepPlan, 1, 0.75) with { TrainLoss = 0.0, BestValidationLoss = double.NaN };

        // The next double after 0.75, −0 for 0, NaN for NaN (the same bits: not a difference).
        var replayed = journaled with { ValidationAccuracy = Math.BitIncrement(0.75), TrainLoss = -0.0, EpochsRun = 9 };

        var differences = ReplayComparison.Differences(journaled, LearningCurve.Empty, replayed, LearningCurve.Empty);

        Assert.Equal(
            [
                "valAccuracy: 0.75 in the journal, 0.7500000000000001 replayed",
                "trainLoss: 0 in the journal, -0 replayed",
                "epochsRun: 10 in the journal, 9 replayed",
            ],
            differences);
    }

    [Fact]
    public void A_curve_of_another_length_or_with_another_value_is_named_by_evaluation_epoch_and_column()
    {
        var result = Completed(SweepPlan, 1, 0.75);
        var curve = Curve(1, 3);
        var changed = new LearningCurve([curve[0], curve[1] with { ValidationLoss = curve[1].ValidationLoss + 1e-9 }]);

        var differences = ReplayComparison.Differences(result, curve, result, changed);

        Assert.Equal(2, differences.Count);
        Assert.Equal("curve: 3 evaluations in the journal, 2 replayed", differences[0]);
        Assert.StartsWith("curve, evaluation 2 (epoch 20): valLoss 1020.3 in the journal, 1020.300000001", differences[1], StringComparison.Ordinal);
    }
}
