using DropoutSweep.Core.Results.Statistics;

namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// Everything report.html shows, as plain values: the configurations in rank order with their statistics, the
/// trials, the learning curves, the networks for the decision regions and the run facts. Built by the report writer
/// from the ranking and the journal; rendered by <see cref="HtmlReport"/>.
/// </summary>
public sealed record HtmlReportModel
{
    /// <summary>The sweep's name.</summary>
    public required string Title { get; init; }

    /// <summary>False for a partial report (the sweep stopped early): the page says so at the top.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>True for a grid sweep (pairs of settings as heat maps), false for a random one (scatter plots).</summary>
    public required bool IsGrid { get; init; }

    /// <summary>The test behind the p-values (paired under shared seeds, Welch otherwise); null with a single repeat.</summary>
    public ComparisonTest? Test { get; init; }

    /// <summary>The swept settings, in report order.</summary>
    public required IReadOnlyList<ReportSetting> Settings { get; init; }

    /// <summary>Configurations with at least one finished trial, best first.</summary>
    public required IReadOnlyList<ReportConfiguration> Configurations { get; init; }

    /// <summary>Every finished trial, in any order.</summary>
    public required IReadOnlyList<ReportTrial> Trials { get; init; }

    /// <summary>Learning curves by trial number; only those of <see cref="HtmlReport.CurveTrials"/> are drawn, so a large sweep passes just those.</summary>
    public IReadOnlyDictionary<int, LearningCurve> Curves { get; init; } = new Dictionary<int, LearningCurve>();

    /// <summary>The training data for the decision regions (2-feature data only), or null.</summary>
    public TrainingPoints? Points { get; init; }

    /// <summary>Networks to draw decision regions for, of the trials <see cref="HtmlReport.RegionTrials"/> names: the best first.</summary>
    public IReadOnlyList<DecisionRegionPanel> DecisionRegions { get; init; } = [];

    /// <summary>Why there are no networks for the decision regions (a partial report, an interrupted replay); null for the page's own wording.</summary>
    public string? RegionsNote { get; init; }

    /// <summary>The sweep's scheduler (successive halving, Hyperband); null without one.</summary>
    public Scheduling.SchedulerOptions? Scheduler { get; init; }

    /// <summary>With a scheduler: the rung table (bracket by bracket, rung by rung), for the funnel; empty without one.</summary>
    public IReadOnlyList<Scheduling.RungRow> Rungs { get; init; } = [];

    /// <summary>The run facts table, in order.</summary>
    public IReadOnlyList<RunFact> Facts { get; init; } = [];
}
