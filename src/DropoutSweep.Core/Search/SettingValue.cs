using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Search;

/// <summary>One value of a swept setting: a number, or a layer list for <c>Hidden</c>.</summary>
public readonly record struct SettingValue(double Number, IReadOnlyList<int>? Layers)
{
    public static SettingValue OfNumber(double number) => new(number, null);

    public static SettingValue OfLayers(IReadOnlyList<int> layers) => new(double.NaN, layers);

    /// <summary>Returns <paramref name="training"/> with setting <paramref name="name"/> set to this value.</summary>
    public TrainingOptions ApplyTo(TrainingOptions training, string name) =>
        Layers is { } layers ? TrainingSettings.WithHidden(training, layers) : TrainingSettings.With(training, name, Number);
}
