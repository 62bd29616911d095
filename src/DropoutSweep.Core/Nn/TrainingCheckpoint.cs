using System.Text;
using DropoutSweep.Core.Randomness;

namespace DropoutSweep.Core.Nn;

/// <summary>
/// A paused trial, exactly: the network's parameters, optimizer moments and step (<see cref="NetworkState"/>), the
/// trial RNG's position and the dropout masks' seed, the mini-batch order the next shuffle starts from, and the
/// trainer's running figures (latest and best metrics, early stopping's count, wall time so far). Training on from it
/// gives, bit for bit, what training straight through would have. As bytes (<see cref="ToBytes"/>) it travels with a
/// trial's result between nodes and is kept beside the journal; values are stored at the training path's own
/// precision (float32 on the fast path), so nothing is rounded.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const uint Magic = 0x4B435344; // "DSCK"
    private const int Version = 1;

    internal TrainingCheckpoint(TrainingPath path, ulong seed, int[] widths, RngState rng, ulong maskSeed, int[] order, NetworkState network, TrainerFigures figures)
    {
        Path = path;
        Seed = seed;
        Widths = widths;
        Rng = rng;
        MaskSeed = maskSeed;
        Order = order;
        Network = network;
        Figures = figures;
    }

    /// <summary>Epochs trained so far (the next segment starts with epoch <c>Epoch + 1</c>).</summary>
    public int Epoch => Figures.EpochsRun;

    /// <summary>The trial's seed.</summary>
    public ulong Seed { get; }

    internal TrainingPath Path { get; }

    internal int[] Widths { get; }

    internal RngState Rng { get; }

    internal ulong MaskSeed { get; }

    /// <summary>The row order the next epoch shuffles (empty for full batch, which never shuffles).</summary>
    internal int[] Order { get; }

    internal NetworkState Network { get; }

    internal TrainerFigures Figures { get; }

    /// <summary>The checkpoint as bytes (little-endian, versioned); <see cref="FromBytes"/> reads them back.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((byte)Path);
            writer.Write(Seed);
            WriteInts(writer, Widths);
            writer.Write(Rng.S0);
            writer.Write(Rng.S1);
            writer.Write(Rng.S2);
            writer.Write(Rng.S3);
            TrainerFigures.WriteOptional(writer, Rng.SpareGaussian);
            writer.Write(MaskSeed);
            WriteInts(writer, Order);
            writer.Write(Network.Step);
            var single = Path == TrainingPath.Fast;
            foreach (var tensors in new[] { Network.Parameters, Network.FirstMoments, Network.SecondMoments })
            {
                for (var l = 0; l < tensors.Weights.Length; l++)
                {
                    WriteValues(writer, tensors.Weights[l], single);
                    WriteValues(writer, tensors.Biases[l], single);
                }
            }

            Figures.Write(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// An upper bound on the length of <see cref="ToBytes"/> for a fast-path network of <paramref name="widths"/> (input,
    /// hidden layers, classes) trained on <paramref name="trainRows"/> rows (their order is kept only for mini-batches)
    /// with at most <paramref name="evaluations"/> points on its learning curve; for checks before a sweep starts.
    /// </summary>
    public static long SizeBound(IReadOnlyList<int> widths, int trainRows, bool miniBatch, int evaluations)
    {
        ArgumentNullException.ThrowIfNull(widths);
        var values = ParameterCount(widths);

        // Parameters and Adam's two moments in float32, the row order, eight doubles per curve point, and a margin for
        // the fixed fields (magic, seeds, RNG state, step, running figures).
        const long fixedFields = 4096;
        return (3 * values * sizeof(float)) + (miniBatch ? (long)trainRows * sizeof(int) : 0) + (8L * sizeof(double) * evaluations)
            + ((long)widths.Count * sizeof(int)) + fixedFields;
    }

    /// <summary>Reads a checkpoint written by <see cref="ToBytes"/>; <see cref="InvalidDataException"/> when the bytes are not one.</summary>
    public static TrainingCheckpoint FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() is var version && version != Version)
            {
                throw new InvalidDataException("Not a training checkpoint of this version.");
            }

            var path = (TrainingPath)reader.ReadByte();
            if (!Enum.IsDefined(path))
            {
                throw new InvalidDataException($"Unknown training path {(int)path}.");
            }

            var seed = reader.ReadUInt64();
            var widths = ReadInts(reader);
            CheckWidths(widths, bytes.Length, path == TrainingPath.Fast ? sizeof(float) : sizeof(double));
            var rng = new RngState(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), TrainerFigures.ReadOptional(reader));
            var maskSeed = reader.ReadUInt64();
            var order = ReadInts(reader);
            var step = reader.ReadInt64();
            var single = path == TrainingPath.Fast;
            var tensors = new NetworkParameters[3];
            for (var t = 0; t < tensors.Length; t++)
            {
                tensors[t] = NetworkParameters.Zeros(widths);
                for (var l = 0; l < widths.Length - 1; l++)
                {
                    ReadValues(reader, tensors[t].Weights[l], single);
                    ReadValues(reader, tensors[t].Biases[l], single);
                }
            }

            var figures = TrainerFigures.Read(reader);
            if (reader.BaseStream.Position != bytes.Length)
            {
                throw new InvalidDataException($"{bytes.Length - reader.BaseStream.Position} bytes after the checkpoint's end.");
            }

            return new TrainingCheckpoint(path, seed, widths, rng, maskSeed, order, new NetworkState(tensors[0], tensors[1], tensors[2], step), figures);
        }
        catch (Exception error) when (error is EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"A damaged training checkpoint: {error.Message}", error);
        }
    }

    // Three tensors (parameters, m, v) of every layer's weights and biases must fit the bytes: a damaged count must not
    // allocate gigabytes before the read fails.
    private static void CheckWidths(int[] widths, long length, int valueSize)
    {
        if (widths.Length < 2 || widths.Any(w => w < 1))
        {
            throw new InvalidDataException($"Layer widths [{string.Join(", ", widths)}] are not a network's.");
        }

        if (ParameterCount(widths) * 3 * valueSize > length)
        {
            throw new InvalidDataException($"A network of widths [{string.Join(", ", widths)}] does not fit {length} bytes.");
        }
    }

    private static void WriteInts(BinaryWriter writer, int[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static int[] ReadInts(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > (reader.BaseStream.Length - reader.BaseStream.Position) / sizeof(int))
        {
            throw new InvalidDataException($"A list of {count} numbers does not fit the checkpoint.");
        }

        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }

    private static void WriteValues(BinaryWriter writer, double[] values, bool single)
    {
        foreach (var value in values)
        {
            if (single)
            {
                writer.Write((float)value);
            }
            else
            {
                writer.Write(value);
            }
        }
    }

    private static void ReadValues(BinaryReader reader, double[] values, bool single)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = single ? reader.ReadSingle() : reader.ReadDouble();
        }
    }

    // Weights and biases of a network of these layer widths.
    private static long ParameterCount(IReadOnlyList<int> widths)
    {
        long values = 0;
        for (var l = 0; l + 1 < widths.Count; l++)
        {
            values += ((long)widths[l] + 1) * widths[l + 1];
        }

        return values;
    }
}
