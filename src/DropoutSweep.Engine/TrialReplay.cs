using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Engine;

/// <summary>
/// Trains a trial again from its plan entry, as a worker trains it (<see cref="TrainerTrialRunner"/>: the same settings,
/// seed and code, so the same metrics and curve bit for bit on the same build and machine), and keeps the network:
/// <c>replay</c>, best-model.json and the decision regions all come from here.
/// </summary>
public static class TrialReplay
{
    /// <summary>The node name a replayed result carries.</summary>
    public const string Node = "replay";

    /// <summary>
    /// Retrains <paramref name="spec"/> of <paramref name="plan"/> on <paramref name="data"/>: to its last epoch, or, for a
    /// trial a scheduler pruned (<paramref name="prunedAfterEpoch"/>: the epochs it ran), to the end of the rung that
    /// stopped it, with the status <see cref="TrialStatus.Pruned"/> it was journaled with.
    /// </summary>
    public static ReplayedTrial Run(Dataset data, SweepPlan plan, TrialSpec spec, CancellationToken cancellationToken = default, int? prunedAfterEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(spec);
        var source = new ModelSource
        {
            Trial = spec.TrialId,
            Configuration = spec.Configuration,
            Repeat = spec.Repeat,
            Seed = spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PlanHash = plan.Hash,
            Settings = TrainingSettings.Section.Settings.ToDictionary(setting => setting.Name, setting => setting.Format(spec.Training)),
        };
        var trained = TrainedNetwork.Train(data, spec.Training, spec.Seed, source, cancellationToken, prunedAfterEpoch);
        var status = prunedAfterEpoch is not null && trained.Result.Status == TrialStatus.Completed ? TrialStatus.Pruned : trained.Result.Status;
        var result = TrialResults.Of(spec, trained.Result, status, reason: null, attempt: 1, Node);
        return new ReplayedTrial(result, trained.Result.Curve, trained.Model);
    }
}
