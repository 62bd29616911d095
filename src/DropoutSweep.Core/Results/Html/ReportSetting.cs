namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// A swept setting as the charts show it: its sweep-file name (<c>DropoutRate</c>) and whether its axis is
/// logarithmic (ranges declared with a log scale). A setting whose values have no number (<c>Hidden</c>) is categorical.
/// </summary>
public sealed record ReportSetting(string Name, bool LogScale = false);
