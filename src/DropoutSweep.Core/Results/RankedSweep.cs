using DropoutSweep.Core.Data;
using DropoutSweep.Core.Results.Html;
using DropoutSweep.Core.Results.Statistics;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Results;

/// <summary>
/// A sweep's results ranked for its report (<see cref="SweepReport.Rank"/>): the ranking, its statistics, report.html's
/// model, and the trials whose trained networks the report uses (<see cref="NetworkTrials"/>), which the caller
/// replays before <see cref="SweepReport.Write(string, RankedSweep, SweepSummary, IReadOnlyList{TrialNetwork}, string?)"/>.
/// </summary>
public sealed class RankedSweep
{
    internal RankedSweep(Ranking ranking, SweepStatistics statistics, HtmlReportModel page, IReadOnlyList<TrialSpec> networkTrials)
    {
        Ranking = ranking;
        Statistics = statistics;
        Page = page;
        NetworkTrials = networkTrials;
    }

    public Ranking Ranking { get; }

    public SweepStatistics Statistics { get; }

    /// <summary>
    /// The trials whose networks the report shows, best first: the first repeat of the best configuration (best-model.json,
    /// and the first decision-region panel) and, for data with two features, of the best configuration with the sweep's
    /// lowest dropout rate when that is another one. Empty when no configuration can be best.
    /// </summary>
    public IReadOnlyList<TrialSpec> NetworkTrials { get; }

    /// <summary>The trial whose network is the sweep's best model (best-model.json), or null.</summary>
    public TrialSpec? BestModelTrial => NetworkTrials.Count > 0 ? NetworkTrials[0] : null;

    internal HtmlReportModel Page { get; }
}
