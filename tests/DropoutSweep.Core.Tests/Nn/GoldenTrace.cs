using System.Globalization;
using System.Text.Json;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Tests.Nn;

/// <summary>One golden trace of the numpy reference (TestData/golden, see its README): data, start, masks, expected losses.</summary>
internal sealed class GoldenTrace
{
    private GoldenTrace(string name, JsonElement root)
    {
        Name = name;
        LayerSizes = root.GetProperty("layer_sizes").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        DropoutRates = root.GetProperty("dropout_rates").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var regularization = root.GetProperty("regularization");
        double Strength(string key) => regularization.TryGetProperty(key, out var v) ? v.GetDouble() : 0.0;
        (WeightL1, WeightL2, BiasL1, BiasL2) = (Strength("l1w"), Strength("l2w"), Strength("l1b"), Strength("l2b"));
        var optimizer = root.GetProperty("optimizer");
        Optimizer = optimizer.GetProperty("kind").GetString() == "adam" ? OptimizerKind.Adam : OptimizerKind.Sgd;
        LearningRate = optimizer.GetProperty("lr").GetDouble();
        Decay = optimizer.TryGetProperty("decay", out var decay) ? decay.GetDouble() : 0.0;
        Momentum = optimizer.TryGetProperty("momentum", out var momentum) ? momentum.GetDouble() : 0.0;
        Epochs = root.GetProperty("epochs").GetInt32();

        var (trainX, trainY) = ReadData(root.GetProperty("train"));
        var (validationX, validationY) = ReadData(root.GetProperty("validation"));
        Data = new Dataset($"golden {name}", LayerSizes[0], LayerSizes[^1], trainX, trainY, validationX, validationY, name);

        var layers = root.GetProperty("initial_parameters").EnumerateArray().ToArray();
        InitialParameters = new NetworkParameters(
            LayerSizes,
            layers.Select(l => l.GetProperty("W").EnumerateArray().SelectMany(row => row.EnumerateArray().Select(v => v.GetDouble())).ToArray()).ToArray(),
            layers.Select(l => l.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray());
        Masks = new PackedDropoutMasks(
            root.GetProperty("masks_hex").EnumerateArray()
                .Select(epoch => epoch.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.Null ? null : Convert.FromHexString(m.GetString()!)).ToArray())
                .ToArray(),
            LayerSizes);
        Trace = root.GetProperty("trace").EnumerateArray()
            .Select(e => (e.GetProperty("data_loss").GetDouble(), e.GetProperty("reg_loss").GetDouble(), e.GetProperty("accuracy").GetDouble()))
            .ToArray();
        var final = root.GetProperty("final_validation");
        FinalValidationLoss = final.GetProperty("loss").GetDouble();
        FinalValidationAccuracy = final.GetProperty("accuracy").GetDouble();
    }

    public string Name { get; }

    public int[] LayerSizes { get; }

    public double[] DropoutRates { get; }

    public double WeightL1 { get; }

    public double WeightL2 { get; }

    public double BiasL1 { get; }

    public double BiasL2 { get; }

    public OptimizerKind Optimizer { get; }

    public double LearningRate { get; }

    public double Decay { get; }

    public double Momentum { get; }

    public int Epochs { get; }

    public Dataset Data { get; }

    public NetworkParameters InitialParameters { get; }

    public IDropoutMasks Masks { get; }

    public (double DataLoss, double RegularizationLoss, double Accuracy)[] Trace { get; }

    public double FinalValidationLoss { get; }

    public double FinalValidationAccuracy { get; }

    /// <summary>The case's settings as trainer options: the same strengths on every layer, the output layer included.</summary>
    public TrainingOptions Options => new()
    {
        Hidden = LayerSizes[1..^1],
        Epochs = Epochs,
        Optimizer = Optimizer,
        LearningRate = LearningRate,
        Decay = Decay,
        Momentum = Momentum,
        DropoutRate = DropoutRates[0],
        L1 = WeightL1,
        L2 = WeightL2,
        BiasL1 = BiasL1,
        BiasL2 = BiasL2,
        OutputL1 = WeightL1,
        OutputL2 = WeightL2,
        OutputBiasL1 = BiasL1,
        OutputBiasL2 = BiasL2,
        BatchSize = 0,
        EvaluateEvery = Epochs,
    };

    public static GoldenTrace Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "golden", name + ".json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new GoldenTrace(name, document.RootElement.Clone());
    }

    private static (float[] X, int[] Y) ReadData(JsonElement part)
    {
        var x = part.GetProperty("X").EnumerateArray().SelectMany(row => row.EnumerateArray().Select(v => (float)v.GetDouble())).ToArray();
        var y = part.GetProperty("y").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        return (x, y);
    }

    public override string ToString() => Name.ToString(CultureInfo.InvariantCulture);

    /// <summary>The recorded masks: bit (row·units + unit) of the step's packed bytes, least significant bit first.</summary>
    private sealed class PackedDropoutMasks(byte[]?[][] masks, int[] layerSizes) : IDropoutMasks
    {
        public bool Keep(long step, int hiddenLayer, int row, int unit)
        {
            var bits = masks[step][hiddenLayer] ?? throw new InvalidOperationException($"Step {step} layer {hiddenLayer} has no recorded mask.");
            var index = (row * layerSizes[hiddenLayer + 1]) + unit;
            return ((bits[index >> 3] >> (index & 7)) & 1) == 1;
        }
    }
}
