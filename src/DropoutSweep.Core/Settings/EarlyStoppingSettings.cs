using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Settings;

/// <summary>The <c>Sweep:Training:EarlyStopping</c> section (<see cref="EarlyStoppingOptions"/>): when a trial stops before its last epoch.</summary>
public static class EarlyStoppingSettings
{
    public static readonly Setting<EarlyStoppingOptions, int?> Patience = new(
        "Patience", "Evaluations in a row without improvement after which a trial stops (Keras's patience, counted in evaluations); none: never.",
        SettingTypes.OptionalWholeNumber, o => o.Patience, (o, v) => o with { Patience = v })
    {
        Range = ValueRange.AtLeast(1, " (omit it to train every epoch)"),
    };

    public static readonly Setting<EarlyStoppingOptions, ValidationMetric> Metric = new(
        "Metric", "What must improve: ValLoss (lower is better, Keras's default) or ValAccuracy (higher is better).",
        SettingTypes.Enum<ValidationMetric>(), o => o.Metric, (o, v) => o with { Metric = v });

    public static readonly Setting<EarlyStoppingOptions, double> MinDelta = new(
        "MinDelta", "An evaluation improves only when it beats the best so far by more than this.",
        SettingTypes.Number, o => o.MinDelta, (o, v) => o with { MinDelta = v })
    {
        Range = ValueRange.AtLeast(0),
    };

    /// <summary>The section.</summary>
    public static Section<EarlyStoppingOptions> Section { get; } = new(
        "EarlyStopping",
        "Stops a trial whose validation metric has stopped improving; it is recorded Completed, stopped early, at the epoch it stopped.",
        [Patience, Metric, MinDelta]);
}
