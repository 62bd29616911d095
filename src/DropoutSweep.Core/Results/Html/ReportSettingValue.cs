namespace DropoutSweep.Core.Results.Html;

/// <summary>One configuration's value of a swept setting: its number (NaN for a categorical value such as a layer list) and its text.</summary>
public readonly record struct ReportSettingValue(double Number, string Text)
{
    public bool IsNumber => !double.IsNaN(Number);
}
