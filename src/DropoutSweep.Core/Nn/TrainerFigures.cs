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
    }

    public static TrainerFigures Read(BinaryReader reader) => new()
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
    };

    private static void WriteOptional(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    private static double? ReadOptional(BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var value = reader.ReadDouble();
        return has ? value : null;
    }
}
