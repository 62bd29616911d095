using DropoutSweep.Core.Nn;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>
/// Both training paths reproduce the numpy reference's golden traces when they start from its parameters and apply
/// its masks: the first 10 epochs to 1e-3 relative, all epochs within twice the float32 drift that numpy itself shows
/// (README in TestData/golden), and the final validation.
/// </summary>
public sealed class GoldenTraceTests(ITestOutputHelper output)
{
    // Max relative difference of the per-epoch data loss over all 100 epochs for a float32 run (REFERENCE.md §6).
    public static TheoryData<string, double> Cases => new()
    {
        { "adam_l2", 2.1e-4 },
        { "adam_dropout_l1l2", 3.6e-3 },
        { "sgd_momentum", 1.8e-7 },
        { "adam_two_layers", 2.8e-2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fast_path_reproduces_the_golden_trace(string name, double float32Drift)
    {
        var golden = GoldenTrace.Load(name);
        var (trace, result) = Run(golden, TrainingPath.Fast);

        var first10 = MaxRelative(golden, trace, 10);
        var all = MaxRelative(golden, trace, golden.Epochs);
        var validation = Relative(result.ValidationLoss, golden.FinalValidationLoss);
        output.WriteLine($"{name}: first 10 epochs {first10:E2}, all {all:E2} (float32 table {float32Drift:E1}), final validation loss {validation:E2}, accuracy {result.ValidationAccuracy} vs {golden.FinalValidationAccuracy}");

        Assert.True(first10 <= 1e-3, $"first 10 epochs differ by {first10:E2} relative");
        Assert.True(all <= 2 * float32Drift, $"100 epochs differ by {all:E2} relative, more than 2 × {float32Drift:E1}");
        // The final validation loss is measured after all 100 steps on other data, so it magnifies the drift of the
        // parameters; it has to stay of the size of that drift, and the accuracy within a few of the 150 rows.
        Assert.True(validation <= Math.Max(20 * float32Drift, 1e-6), $"final validation loss differs by {validation:E2} relative");
        Assert.Equal(golden.FinalValidationAccuracy, result.ValidationAccuracy, 3.0 / golden.Data.ValidationRows);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_path_reproduces_the_golden_trace_to_double_precision(string name, double float32Drift)
    {
        _ = float32Drift;
        var golden = GoldenTrace.Load(name);
        var (trace, result) = Run(golden, TrainingPath.Reference);

        var all = MaxRelative(golden, trace, golden.Epochs);
        output.WriteLine($"{name}: all epochs {all:E2}, final validation loss {Relative(result.ValidationLoss, golden.FinalValidationLoss):E2}");

        // The data are float32 (as nnfs stores them) while the trace was computed from float64 data: ~1e-7 apart.
        Assert.True(all <= 1e-5, $"reference path differs by {all:E2} relative");
        Assert.Equal(golden.FinalValidationLoss, result.ValidationLoss, golden.FinalValidationLoss * 1e-5);
        Assert.Equal(golden.FinalValidationAccuracy, result.ValidationAccuracy);
        for (var epoch = 0; epoch < golden.Epochs; epoch++)
        {
            Assert.Equal(golden.Trace[epoch].Accuracy, trace[epoch].Accuracy);
            Assert.Equal(golden.Trace[epoch].RegularizationLoss, trace[epoch].RegularizationLoss, Math.Abs(golden.Trace[epoch].RegularizationLoss * 1e-5) + 1e-12);
        }
    }

    private static (StepMetrics[] Trace, TrainingResult Result) Run(GoldenTrace golden, TrainingPath path)
    {
        var trace = new StepMetrics[golden.Epochs];
        var hooks = new TrainerHooks
        {
            InitialParameters = golden.InitialParameters,
            Masks = golden.Masks,
            DropoutRates = golden.DropoutRates,
            Path = path,
            OnEpoch = (epoch, metrics) => trace[epoch - 1] = metrics,
        };
        var result = Trainer.Train(golden.Data, golden.Options, seed: 1, TestContext.Current.CancellationToken, null, 0, hooks);
        Assert.Equal(golden.Epochs, result.EpochsRun);
        return (trace, result);
    }

    private static double MaxRelative(GoldenTrace golden, StepMetrics[] trace, int epochs) =>
        Enumerable.Range(0, epochs).Max(e => Relative(trace[e].DataLoss, golden.Trace[e].DataLoss));

    private static double Relative(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);
}
