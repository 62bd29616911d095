using DropoutSweep.Core.Results.Statistics;

namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// One configuration in rank order: its statistics, its value of each swept setting (in
/// <see cref="HtmlReportModel.Settings"/> order) and its dropout rate (swept or not, for the lowest-dropout comparison).
/// <see cref="Sound"/> is false when a repeat did not complete with finite metrics (or, with a scheduler, when it stopped
/// at an earlier rung than the best). <see cref="Rung"/> is the highest rung it reached, with a scheduler.
/// </summary>
public sealed record ReportConfiguration(
    ConfigurationStatistics Statistics,
    IReadOnlyList<ReportSettingValue> Values,
    double DropoutRate,
    bool Sound = true,
    int? Rung = null)
{
    public int Configuration => Statistics.Configuration;

    public int Rank => Statistics.Rank;
}
