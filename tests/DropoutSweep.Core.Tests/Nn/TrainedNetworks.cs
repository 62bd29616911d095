using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Reference;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>Small networks trained on the spiral with the reference path, for the model-file and report tests.</summary>
internal static class TrainedNetworks
{
    /// <summary>A 100-point-per-class spiral with a separate 50-point-per-class validation spiral.</summary>
    public static Dataset Spiral() => DatasetLoader.Load(new DatasetOptions { Samples = 100, Classes = 3, ValidationSamples = 50, Seed = 3 });

    /// <summary>A 2→32→3 network trained for <paramref name="steps"/> full-batch Adam steps (learning rate 0.05) on <paramref name="data"/>.</summary>
    public static ReferenceNetwork Train(Dataset data, double dropoutRate, int steps = 400)
    {
        var spec = new NetworkSpec([2, 32, 3], [new LayerRegularization(0, 0, 0, 0), new LayerRegularization(0, 0, 0, 0)], [dropoutRate]);
        var network = new ReferenceNetwork(spec, new OptimizerSettings(OptimizerKind.Adam, 0.05, 0, 0), new HashDropoutMasks(5, [dropoutRate]), data.TrainRows);
        network.SetParameters(NetworkParameters.Initialize(spec.Widths, new Rng(9)));
        var rows = Enumerable.Range(0, data.TrainRows).ToArray();
        for (var step = 0; step < steps; step++)
        {
            network.ComputeGradients(data.TrainX, data.TrainY, rows);
            network.Update();
        }

        return network;
    }
}
