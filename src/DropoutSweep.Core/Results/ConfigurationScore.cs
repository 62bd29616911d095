namespace DropoutSweep.Core.Results;

/// <summary>
/// The one definition of "better configuration", used by the ranking and by the console's running best: first the
/// <see cref="Standing"/> (complete before missing repeats before unsound), then, with a scheduler, the highest
/// <see cref="Rung"/> reached (its metrics are those at that rung; a trial Pruned there counts as complete), then the
/// mean final validation accuracy over the repeats (higher first, NaN last), then the mean final validation loss (lower
/// first, NaN last), or the loss before the accuracy when the scheduler ranks by <c>ValLoss</c>
/// (<see cref="LossFirst"/>), then the configuration number (lower first), so ties never depend on timing.
/// </summary>
public readonly record struct ConfigurationScore(
    int Configuration,
    ConfigurationStanding Standing,
    MeanAndDeviation ValidationAccuracy,
    MeanAndDeviation ValidationLoss) : IComparable<ConfigurationScore>
{
    /// <summary>With a scheduler: the highest rung its trials reached (from 1); 0 without one.</summary>
    public int Rung { get; init; }

    /// <summary>True when the validation loss decides before the accuracy (a scheduler whose Metric is ValLoss).</summary>
    public bool LossFirst { get; init; }

    /// <summary>True when the configuration may be named best: every planned repeat completed with finite metrics.</summary>
    public bool CanBeBest => Standing == ConfigurationStanding.Complete;

    /// <summary>The score of a configuration from the results of its finished repeats (in repeat order) and its planned number of repeats.</summary>
    public static ConfigurationScore Of(int configuration, int plannedRepeats, IReadOnlyList<TrialResult> finished, bool lossFirst = false)
    {
        ArgumentNullException.ThrowIfNull(finished);
        var sound = true;
        var rung = 0;
        Span<double> accuracies = finished.Count <= 64 ? stackalloc double[finished.Count] : new double[finished.Count];
        Span<double> losses = finished.Count <= 64 ? stackalloc double[finished.Count] : new double[finished.Count];
        for (var i = 0; i < finished.Count; i++)
        {
            var result = finished[i];
            (accuracies[i], losses[i]) = (result.ValidationAccuracy, result.ValidationLoss);
            sound &= result.Status is TrialStatus.Completed or TrialStatus.Pruned && double.IsFinite(result.ValidationAccuracy) && double.IsFinite(result.ValidationLoss);
            rung = Math.Max(rung, result.Rung ?? 0);
        }

        var standing = !sound ? ConfigurationStanding.Unsound
            : finished.Count < plannedRepeats ? ConfigurationStanding.MissingRepeats
            : ConfigurationStanding.Complete;
        return new ConfigurationScore(configuration, standing, MeanAndDeviation.Of(accuracies), MeanAndDeviation.Of(losses)) { Rung = rung, LossFirst = lossFirst };
    }

    /// <summary>Negative when this configuration ranks before <paramref name="other"/>.</summary>
    public int CompareTo(ConfigurationScore other)
    {
        // As ints: Enum.CompareTo(object) would box both sides, 80 MB for sorting 100,000 configurations.
        var order = ((int)Standing).CompareTo((int)other.Standing);
        if (order == 0)
        {
            order = other.Rung.CompareTo(Rung);
        }

        var accuracy = NaNAsLowest(other.ValidationAccuracy.Mean).CompareTo(NaNAsLowest(ValidationAccuracy.Mean));
        var loss = NaNAsHighest(ValidationLoss.Mean).CompareTo(NaNAsHighest(other.ValidationLoss.Mean));
        if (order == 0)
        {
            order = LossFirst ? loss : accuracy;
        }

        if (order == 0)
        {
            order = LossFirst ? accuracy : loss;
        }

        return order != 0 ? order : Configuration.CompareTo(other.Configuration);
    }

    private static double NaNAsLowest(double value) => double.IsNaN(value) ? double.NegativeInfinity : value;

    private static double NaNAsHighest(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;
}
