using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Nn;

/// <summary>
/// The trainer's running figures after <see cref="EpochsRun"/> epochs: what a paused trial must carry for its result,
/// and early stopping's decisions, to come out as they would have without the pause.
/// </summary>
internal sealed record TrainerFigures
{
    public int EpochsRun { get; init; }

    public double TrainLoss { get; init; } = double.NaN;

    public double TrainAccuracy { get; init; } = double.NaN;

    /// <summary>The latest validation loss; null before the first evaluation.</summary>
    public double? ValidationLoss { get; init; }

    public double? ValidationAccuracy { get; init; }

    public double BestAccuracy { get; init; } = double.NaN;

    public double BestLoss { get; init; } = double.NaN;

    public int BestEpoch { get; init; }

    /// <summary>Early stopping's best value of its metric (improvements count only beyond MinDelta); NaN before the first evaluation.</summary>
    public double MonitorBest { get; init; } = double.NaN;

    /// <summary>Evaluations in a row without improvement of early stopping's metric.</summary>
    public int EvaluationsWithoutImprovement { get; init; }

    /// <summary>Training wall time so far, over every segment.</summary>
    public double Seconds { get; init; }

    /// <summary>The learning curve so far: one point per evaluation.</summary>
    public CurvePoint[] Curve { get; init; } = [];

    public void Write(BinaryWriter writer)
    {
        writer.Write(EpochsRun);
        writer.Write(TrainLoss);
        writer.Write(TrainAccuracy);
        WriteOptional(writer, ValidationLoss);
        WriteOptional(writer, ValidationAccuracy);
        writer.Write(BestAccuracy);
        writer.Write(BestLoss);
        writer.Write(BestEpoch);
        writer.Write(MonitorBest);
        writer.Write(EvaluationsWithoutImprovement);
        writer.Write(Seconds);
        writer.Write(Curve.Length);
        foreach (var point in Curve)
        {
            writer.Write(point.Epoch);
            writer.Write(point.TrainDataLoss);
            writer.Write(point.RegularizationLoss);
            writer.Write(point.TrainEvalAccuracy);
            writer.Write(point.TrainEvalLoss);
            writer.Write(point.ValidationAccuracy);
            writer.Write(point.ValidationLoss);
            writer.Write(point.LearningRate);
        }
    }

    public static TrainerFigures Read(BinaryReader reader) => new TrainerFigures
    {
        EpochsRun = reader.ReadInt32(),
        TrainLoss = reader.ReadDouble(),
        TrainAccuracy = reader.ReadDouble(),
        ValidationLoss = ReadOptional(reader),
        ValidationAccuracy = ReadOptional(reader),
        BestAccuracy = reader.ReadDouble(),
        BestLoss = reader.ReadDouble(),
        BestEpoch = reader.ReadInt32(),
        MonitorBest = reader.ReadDouble(),
        EvaluationsWithoutImprovement = reader.ReadInt32(),
        Seconds = reader.ReadDouble(),
    } with { Curve = ReadCurve(reader) };

    private static CurvePoint[] ReadCurve(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        const int PointSize = sizeof(int) + (7 * sizeof(double));
        if (count < 0 || count > (reader.BaseStream.Length - reader.BaseStream.Position) / PointSize)
        {
            throw new InvalidDataException($"A curve of {count} points does not fit the checkpoint.");
        }

        var curve = new CurvePoint[count];
        for (var i = 0; i < count; i++)
        {
            curve[i] = new CurvePoint
            {
                Epoch = reader.ReadInt32(),
                TrainDataLoss = reader.ReadDouble(),
                RegularizationLoss = reader.ReadDouble(),
                TrainEvalAccuracy = reader.ReadDouble(),
                TrainEvalLoss = reader.ReadDouble(),
                ValidationAccuracy = reader.ReadDouble(),
                ValidationLoss = reader.ReadDouble(),
                LearningRate = reader.ReadDouble(),
            };
        }

        return curve;
    }

    /// <summary>A nullable double as a presence flag and the value (0 when absent).</summary>
    internal static void WriteOptional(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    /// <summary>Reads what <see cref="WriteOptional"/> wrote.</summary>
    internal static double? ReadOptional(BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var value = reader.ReadDouble();
        return has ? value : null;
    }
}
