using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Fast;
using DropoutSweep.Core.Nn.Reference;
using Xunit;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>The fast float32 path computes what the clear double reference path computes.</summary>
public sealed class PathAgreementTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("adam_dropout_l1l2")]
    [InlineData("adam_two_layers")]
    [InlineData("adam_l2")]
    public void One_epoch_from_the_same_parameters_and_masks_gives_the_same_loss_and_gradients(string name)
    {
        var golden = GoldenTrace.Load(name);
        var spec = new NetworkSpec(golden.Options is var o ? NetworkSpec.FromOptions(o, golden.Data.Features, golden.Data.Classes).Widths : [], NetworkSpec.FromOptions(golden.Options, golden.Data.Features, golden.Data.Classes).Regularization, golden.DropoutRates);
        var optimizer = OptimizerSettings.FromOptions(golden.Options);
        var rows = Enumerable.Range(0, golden.Data.TrainRows).ToArray();
        var reference = new ReferenceNetwork(spec, optimizer, golden.Masks, rows.Length);
        var fast = new FastNetwork(spec, optimizer, golden.Masks, rows.Length);
        reference.SetParameters(golden.InitialParameters);
        fast.SetParameters(golden.InitialParameters);

        for (var epoch = 0; epoch < 20; epoch++)
        {
            var expected = reference.ComputeGradients(golden.Data.TrainX, golden.Data.TrainY, rows);
            var actual = fast.ComputeGradients(golden.Data.TrainX, golden.Data.TrainY, rows);
            var expectedGradients = reference.GetGradients();
            var actualGradients = fast.GetGradients();
            output.WriteLine($"epoch {epoch}: loss {Math.Abs(actual.Loss - expected.Loss) / expected.Loss:E2} " + string.Join(" ", Enumerable.Range(0, spec.DenseLayers).Select(l =>
                $"W{l} {MaxNormRelative(actualGradients.Weights[l], expectedGradients.Weights[l]):E2} b{l} {MaxNormRelative(actualGradients.Biases[l], expectedGradients.Biases[l]):E2}")));
            if (epoch is 6 or 7 && name == "adam_l2")
            {
                var pr = reference.GetParameters();
                var pf = fast.GetParameters();
                for (var l = 0; l < spec.DenseLayers; l++)
                {
                    for (var k = 0; k < expectedGradients.Biases[l].Length; k++)
                    {
                        output.WriteLine($"  b{l}[{k}] grad {expectedGradients.Biases[l][k]:E6} vs {actualGradients.Biases[l][k]:E6}   param {pr.Biases[l][k]:E9} vs {pf.Biases[l][k]:E9}");
                    }
                }
            }

            reference.Update();
            fast.Update();
        }
    }

    private static double MaxNormRelative(double[] actual, double[] expected) =>
        actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max() / Math.Max(expected.Max(Math.Abs), 1e-30);
}
