using System.Globalization;
using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Search;

/// <summary>
/// Reads and sets <see cref="TrainingOptions"/> settings by their sweep-file name (<c>DropoutRate</c>, <c>Hidden</c>, ...),
/// so the search space, the plan and the reports can treat every swept setting alike.
/// </summary>
public static class TrainingSettings
{
    /// <summary>Settings a sweep's <c>Space</c> may name, in the order reports list them.</summary>
    public static IReadOnlyList<string> Sweepable { get; } =
    [
        "DropoutRate", "L2", "LearningRate", "L1", "Decay", "Epochs", "BatchSize", "Hidden",
        "Momentum", "BiasL1", "BiasL2", "OutputL1", "OutputL2",
    ];

    /// <summary>Settings whose values must be whole numbers.</summary>
    public static IReadOnlyList<string> IntegerSettings { get; } = ["Epochs", "BatchSize"];

    /// <summary>True for the one setting whose values are layer lists rather than numbers.</summary>
    public static bool IsLayerList(string name) => name == "Hidden";

    /// <summary>The report column of a setting: <c>DropoutRate</c> → <c>dropout_rate</c>, <c>L2</c> → <c>l2</c>.</summary>
    public static string ColumnName(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]) && !char.IsDigit(name[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>The camelCase JSON name of a setting: <c>DropoutRate</c> → <c>dropoutRate</c>.</summary>
    public static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>A numeric setting's value (null for <c>Hidden</c>).</summary>
    public static double? GetNumber(TrainingOptions options, string name) => name switch
    {
        "DropoutRate" => options.DropoutRate,
        "L2" => options.L2,
        "LearningRate" => options.LearningRate,
        "L1" => options.L1,
        "Decay" => options.Decay,
        "Epochs" => options.Epochs,
        "BatchSize" => options.BatchSize,
        "Momentum" => options.Momentum,
        "BiasL1" => options.EffectiveBiasL1,
        "BiasL2" => options.EffectiveBiasL2,
        "OutputL1" => options.OutputL1,
        "OutputL2" => options.OutputL2,
        "Hidden" => null,
        _ => throw new ArgumentException($"'{name}' is not a sweepable setting.", nameof(name)),
    };

    /// <summary>A setting's value as text, round-trippable for numbers (<c>0.1</c>, <c>[256,128]</c>).</summary>
    public static string Format(TrainingOptions options, string name) =>
        IsLayerList(name)
            ? "[" + string.Join(",", options.Hidden) + "]"
            : GetNumber(options, name)!.Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Returns <paramref name="options"/> with a numeric setting replaced.</summary>
    public static TrainingOptions With(TrainingOptions options, string name, double value) => name switch
    {
        "DropoutRate" => options with { DropoutRate = value },
        "L2" => options with { L2 = value },
        "LearningRate" => options with { LearningRate = value },
        "L1" => options with { L1 = value },
        "Decay" => options with { Decay = value },
        "Epochs" => options with { Epochs = checked((int)value) },
        "BatchSize" => options with { BatchSize = checked((int)value) },
        "Momentum" => options with { Momentum = value },
        "BiasL1" => options with { BiasL1 = value },
        "BiasL2" => options with { BiasL2 = value },
        "OutputL1" => options with { OutputL1 = value },
        "OutputL2" => options with { OutputL2 = value },
        _ => throw new ArgumentException($"'{name}' is not a numeric sweepable setting.", nameof(name)),
    };

    /// <summary>Returns <paramref name="options"/> with the hidden layers replaced.</summary>
    public static TrainingOptions WithHidden(TrainingOptions options, IReadOnlyList<int> hidden) =>
        options with { Hidden = hidden.ToArray() };
}
