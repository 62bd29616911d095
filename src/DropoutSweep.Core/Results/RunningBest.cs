using DropoutSweep.Core.Search;

namespace DropoutSweep.Core.Results;

/// <summary>
/// The best configuration so far while a sweep runs, by the ranking's own definition (<see cref="ConfigurationScore"/>):
/// a configuration counts once every planned repeat has a result, and only if it can be best. Its score is computed
/// from its results in repeat order, as <see cref="Ranking"/> computes it, so the two always agree.
/// </summary>
public sealed class RunningBest
{
    private readonly Dictionary<int, (int Start, int Count)> _configurations;
    private readonly Dictionary<int, int> _finished;
    private readonly int[] _trialIds;
    private readonly bool _lossFirst;

    public RunningBest(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _configurations = new Dictionary<int, (int Start, int Count)>(plan.Configurations);
        _finished = new Dictionary<int, int>(plan.Configurations);
        _lossFirst = Ranking.LossFirst(plan);

        // Trial ids grouped by configuration, repeats in order: one array for the whole plan.
        var ordered = plan.Trials.OrderBy(t => t.Configuration).ThenBy(t => t.Repeat).ThenBy(t => t.TrialId).ToArray();
        _trialIds = ordered.Select(t => t.TrialId).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            var config = ordered[i].Configuration;
            var (start, count) = _configurations.GetValueOrDefault(config, (i, 0));
            _configurations[config] = (start, count + 1);
        }
    }

    /// <summary>The best complete configuration so far, or null when none is complete.</summary>
    public ConfigurationScore? Best { get; private set; }

    /// <summary>Counts <paramref name="result"/>; when it completes its configuration, scores it with every repeat's result from <paramref name="resultOf"/>.</summary>
    public void Add(TrialResult result, Func<int, TrialResult> resultOf)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(resultOf);
        var (start, count) = _configurations[result.Configuration];
        var finished = _finished.GetValueOrDefault(result.Configuration) + 1;
        _finished[result.Configuration] = finished;
        if (finished < count)
        {
            return;
        }

        var repeats = new TrialResult[count];
        for (var i = 0; i < count; i++)
        {
            repeats[i] = resultOf(_trialIds[start + i]);
        }

        var score = ConfigurationScore.Of(result.Configuration, count, repeats, _lossFirst);
        if (score.CanBeBest && (Best is not { } best || score.CompareTo(best) < 0))
        {
            Best = score;
        }
    }
}
