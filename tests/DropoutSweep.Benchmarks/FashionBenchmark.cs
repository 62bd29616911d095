using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Nn.Fast;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Benchmarks;

/// <summary>
/// <c>fashion [--epochs N] [--train-rows N] [--dir D] [--synthetic]</c>: the production path training 784→256→10 with
/// ReLU, dropout 0.2 and Adam (lr 1e−3, ε 1e−7), batch 128, on one thread, the way Reference/torch_fashion.py trains the
/// same network with PyTorch: the first N rows of a seeded permutation of the Fashion-MNIST training images (default
/// 50,000) for training, the next 10,000 for validation, reshuffled every epoch, and one final evaluation pass over the
/// validation and the training rows. Prints the same JSON fields as that script, plus GFLOP/s of the median epoch.
/// Without the Debian package dataset-fashion-mnist (or with --synthetic) it trains on uniform random pixels and labels
/// of the same shape: the time does not depend on the values.
/// </summary>
internal static class FashionBenchmark
{
    private const int Features = 784;
    private const int Classes = 10;
    private const int ValidationRows = 10_000;

    public static void Run(string[] args)
    {
        string Option(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        var epochs = int.Parse(Option("--epochs", "3"), CultureInfo.InvariantCulture);
        var trainRows = int.Parse(Option("--train-rows", "50000"), CultureInfo.InvariantCulture);
        var hidden = int.Parse(Option("--hidden", "256"), CultureInfo.InvariantCulture);
        var batch = int.Parse(Option("--batch", "128"), CultureInfo.InvariantCulture);
        var directory = Option("--dir", "/usr/share/datasets/fashion-mnist");
        var imagesPath = Path.Combine(directory, "train-images-idx3-ubyte.gz");
        var synthetic = args.Contains("--synthetic") || !File.Exists(imagesPath);
        var (images, labels) = synthetic ? Synthetic(60_000) : (Images(imagesPath), Labels(Path.Combine(directory, "train-labels-idx1-ubyte.gz")));

        // Split as the PyTorch script does (its permutation is torch's, ours is our RNG's: the same sizes, other rows).
        var rng = new Rng(1);
        var order = Enumerable.Range(0, labels.Length).ToArray();
        rng.Shuffle(order.AsSpan());
        var (x, y) = Take(images, labels, order.AsSpan(0, trainRows));
        var (vx, vy) = Take(images, labels, order.AsSpan(trainRows, Math.Min(ValidationRows, labels.Length - trainRows)));

        int[] widths = [Features, hidden, Classes];
        var spec = new NetworkSpec(widths, [default, default], [0.2]);
        var network = FastNetwork.Create(spec, new OptimizerSettings(OptimizerKind.Adam, 1e-3, 0, 0), new HashDropoutMasks(rng.NextUInt64(), spec.DropoutRates), batch);
        network.SetParameters(NetworkParameters.Initialize(widths, rng));
        var rows = Enumerable.Range(0, trainRows).ToArray();
        var times = new List<double>();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(rows.AsSpan());
            var start = Stopwatch.GetTimestamp();
            for (var first = 0; first < trainRows; first += batch)
            {
                network.ComputeGradients(x, y, rows.AsSpan(first, Math.Min(batch, trainRows - first)));
                network.Update();
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var evaluationStart = Stopwatch.GetTimestamp();
        var validation = vy.Length > 0 ? network.Evaluate(vx, vy) : new Evaluation(double.NaN, double.NaN);
        var training = network.Evaluate(x, y);
        var evaluationMs = Stopwatch.GetElapsedTime(evaluationStart).TotalMilliseconds;
        var median = times.Order().ElementAt(times.Count / 2);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ms_per_epoch"] = (times.Sum() + evaluationMs) / epochs,
            ["median_epoch_ms"] = median,
            ["eval_ms"] = evaluationMs,
            ["val_acc"] = validation.Accuracy,
            ["train_acc"] = training.Accuracy,
            ["gflops_median_epoch"] = trainRows * KernelBenchmark.TrainingFlopPerRow(widths) / (median / 1e3) / 1e9,
            ["simd"] = network is IFastNetwork fast ? fast.Simd.ToString() : "?",
            ["data"] = synthetic ? "synthetic" : "fashion-mnist",
        }));
    }

    private static (float[] X, int[] Y) Take(float[] images, int[] labels, ReadOnlySpan<int> rows)
    {
        var x = new float[rows.Length * Features];
        var y = new int[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            images.AsSpan(rows[r] * Features, Features).CopyTo(x.AsSpan(r * Features));
            y[r] = labels[rows[r]];
        }

        return (x, y);
    }

    private static (float[] X, int[] Y) Synthetic(int rows)
    {
        var rng = new Rng(7);
        var x = new float[rows * Features];
        for (var k = 0; k < x.Length; k++)
        {
            x[k] = (float)rng.NextDouble();
        }

        return (x, Enumerable.Range(0, rows).Select(_ => rng.NextInt(Classes)).ToArray());
    }

    // IDX, gzipped: magic (2 zero bytes, type 0x08, dimensions), big-endian sizes, then the bytes. Enough for the
    // benchmark; the product reads IDX files with its own loader.
    private static float[] Images(string path)
    {
        var raw = Gunzip(path);
        var count = BigEndian(raw, 4);
        var size = BigEndian(raw, 8) * BigEndian(raw, 12);
        var pixels = new float[count * size];
        for (var k = 0; k < pixels.Length; k++)
        {
            pixels[k] = raw[16 + k] / 255f;
        }

        return pixels;
    }

    private static int[] Labels(string path)
    {
        var raw = Gunzip(path);
        return raw.AsSpan(8, BigEndian(raw, 4)).ToArray().Select(b => (int)b).ToArray();
    }

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private static int BigEndian(byte[] bytes, int offset) =>
        (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
