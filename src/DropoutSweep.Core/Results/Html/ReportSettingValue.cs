using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// One configuration's value of a swept setting: its number (NaN for a categorical value such as a layer list) and its
/// text. A number whose text is <see cref="SettingText.Number"/> of it keeps no string: the text is made when read, so
/// that a page of 100,000 configurations does not hold hundreds of thousands of strings it shows only for a few.
/// </summary>
public readonly record struct ReportSettingValue
{
    private readonly string? _text;

    public ReportSettingValue(double number, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Number = number;
        _text = text == SettingText.Number(number) && !double.IsNaN(number) ? null : text;
    }

    public double Number { get; }

    public string Text => _text ?? SettingText.Number(Number);

    public bool IsNumber => !double.IsNaN(Number);
}
