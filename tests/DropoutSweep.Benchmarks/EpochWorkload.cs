using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Fast;
using DropoutSweep.Core.Nn.Reference;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// One training epoch of a fixed configuration on either path, set up once: the seed configuration (3000 spiral rows,
/// 2→512→3, dropout 0.1, L2 5e-4, Adam 0.05/5e-5, full batch), the book's Chapter 15 network (the same with 64 hidden
/// units), a 784→128→10 mini-batch network (1000 synthetic rows, batch 128), or a Fashion-MNIST-shaped epoch (60,000
/// synthetic rows of 784 values in [0, 1), 784→256→10, batch 128, dropout 0.2, Adam 1e-3).
/// </summary>
internal sealed class EpochWorkload
{
    public const string Seed = "seed-2-512-3";
    public const string SeedNoDropout = "seed-2-512-3-no-dropout";
    public const string Mnist = "784-128-10-batch128";
    public const string Chapter15 = "ch15-2-64-3";
    public const string Fashion = "784-256-10-batch128";

    private readonly ITrainableNetwork _network;
    private readonly Dataset _data;
    private readonly int[] _order;
    private readonly int _batchSize;

    public EpochWorkload(string configuration, TrainingPath path, SimdWidth simd = SimdWidth.Widest)
    {
        TrainingOptions options;
        (_data, options) = configuration switch
        {
            Seed => (Spiral(1000, 3), new TrainingOptions { Hidden = [512], DropoutRate = 0.1, L2 = 5e-4, LearningRate = 0.05, Decay = 5e-5 }),
            SeedNoDropout => (Spiral(1000, 3), new TrainingOptions { Hidden = [512], DropoutRate = 0, L2 = 5e-4, LearningRate = 0.05, Decay = 5e-5 }),
            Chapter15 => (Spiral(1000, 3), new TrainingOptions { Hidden = [64], DropoutRate = 0.1, L2 = 5e-4, LearningRate = 0.05, Decay = 5e-5 }),
            Mnist => (Synthetic(1000, 784, 10), new TrainingOptions { Hidden = [128], DropoutRate = 0.1, L2 = 5e-4, LearningRate = 0.001, Decay = 0, BatchSize = 128 }),
            Fashion => (Synthetic(60_000, 784, 10), new TrainingOptions { Hidden = [256], DropoutRate = 0.2, L2 = 0, LearningRate = 0.001, Decay = 0, BatchSize = 128 }),
            _ => throw new ArgumentException($"Unknown configuration '{configuration}'.", nameof(configuration)),
        };

        var rng = new Rng(42);
        var spec = NetworkSpec.FromOptions(options, _data.Features, _data.Classes);
        _batchSize = options.BatchSize == 0 ? _data.TrainRows : options.BatchSize;
        var masks = new HashDropoutMasks(rng.NextUInt64(), spec.DropoutRates);
        var optimizer = OptimizerSettings.FromOptions(options);
        _network = path == TrainingPath.Fast
            ? FastNetwork.Create(spec, optimizer, masks, _batchSize, simd)
            : new ReferenceNetwork(spec, optimizer, masks, _batchSize);
        _network.SetParameters(NetworkParameters.Initialize(spec.Widths, rng));
        _order = Enumerable.Range(0, _data.TrainRows).ToArray();
    }

    /// <summary>One epoch: every mini-batch's forward/backward pass and optimizer step (no shuffle: it is not the network's cost).</summary>
    public double RunEpoch()
    {
        var loss = 0.0;
        for (var start = 0; start < _order.Length; start += _batchSize)
        {
            var rows = _order.AsSpan(start, Math.Min(_batchSize, _order.Length - start));
            loss += _network.ComputeGradients(_data.TrainX, _data.TrainY, rows).Loss;
            _network.Update();
        }

        return loss;
    }

    private static Dataset Spiral(int samples, int classes) =>
        DatasetLoader.Load(new DatasetOptions { Kind = DatasetKind.Spiral, Samples = samples, Classes = classes, ValidationSamples = 100, Seed = 0 });

    private static Dataset Synthetic(int rows, int features, int classes)
    {
        var rng = new Rng(1);
        var x = new float[rows * features];
        for (var k = 0; k < x.Length; k++)
        {
            x[k] = (float)rng.NextDouble();
        }

        var y = Enumerable.Range(0, rows).Select(_ => rng.NextInt(classes)).ToArray();
        return new Dataset("synthetic", features, classes, x, y, x, y, "benchmark");
    }
}
