namespace DropoutSweep.Core.Search;

/// <summary>One value of a swept setting: a number, or a layer list for <c>Hidden</c>.</summary>
public readonly record struct SettingValue(double Number, IReadOnlyList<int>? Layers)
{
    public static SettingValue OfNumber(double number) => new(number, null);

    public static SettingValue OfLayers(IReadOnlyList<int> layers) => new(double.NaN, layers);
}
