using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Results;

/// <summary>
/// A configuration's place in the ranking (one rank per configuration, shared by its repeats), its
/// <see cref="Score"/> and its finished trials in repeat order. Only a <see cref="ConfigurationStanding.Complete"/>
/// configuration can be best; the others rank after every complete one.
/// </summary>
public sealed record RankedConfiguration(
    int Rank,
    int Configuration,
    IReadOnlyList<RankedTrial> Trials,
    int PlannedRepeats,
    ConfigurationScore Score)
{
    /// <summary>The configuration's training options (its first trial's: made from the plan's compact table when read, not kept).</summary>
    public TrainingOptions Training => Trials[0].Spec.Training;

    public ConfigurationStanding Standing => Score.Standing;

    /// <summary>With a scheduler: the highest rung its trials reached, whose metrics they carry; null without one.</summary>
    public int? Rung => Score.Rung > 0 ? Score.Rung : null;

    /// <summary>Every planned repeat completed with finite metrics (it can be best).</summary>
    public bool Sound => Score.CanBeBest;

    /// <summary>Mean and sample std of the final validation accuracy over the finished repeats with a finite value.</summary>
    public MeanAndDeviation ValidationAccuracy => Score.ValidationAccuracy;

    /// <summary>Mean and sample std of the final validation loss over the finished repeats with a finite value.</summary>
    public MeanAndDeviation ValidationLoss => Score.ValidationLoss;

    /// <summary>Mean and sample std of a numeric result field over the finished repeats with a finite value.</summary>
    public MeanAndDeviation Summary(ResultField field) => MeanAndDeviation.Of(Trials.Select(trial => field.Number(trial.Result)));
}
