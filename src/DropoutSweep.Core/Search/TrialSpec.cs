using System.Text;
using System.Text.Json.Serialization;
using DropoutSweep.Core.Nn;

namespace DropoutSweep.Core.Search;

/// <summary>
/// One trial of a plan: configuration <see cref="Configuration"/> trained with the seed of repeat <see cref="Repeat"/>.
/// All three numbers count from 1. <see cref="TrialId"/> never changes once given: a plan extended with more repeats or
/// more Random trials numbers the new trials after the existing ones.
/// </summary>
/// <remarks>
/// A plan's own trials refer to their configuration in the plan's compact table (<see cref="PlanConfigurations"/>) rather
/// than each carrying a copy of its options, and make <see cref="Training"/> when it is read; a trial made with options
/// (read from plan.json, received from another node, built by a test) holds them. Either way two trials are equal when
/// their numbers, seeds and options are.
/// </remarks>
public sealed record TrialSpec
{
    // Either the trial's TrainingOptions, or the PlanConfigurations its Configuration indexes: one field, so that a plan's
    // trial costs no more than before while its options live in the table.
    private readonly object _training;

    [JsonConstructor]
    public TrialSpec(int TrialId, int Configuration, int Repeat, ulong Seed, TrainingOptions Training)
    {
        ArgumentNullException.ThrowIfNull(Training);
        (this.TrialId, this.Configuration, this.Repeat, this.Seed, _training) = (TrialId, Configuration, Repeat, Seed, Training);
    }

    internal TrialSpec(int trialId, int configuration, int repeat, ulong seed, PlanConfigurations configurations) =>
        (TrialId, Configuration, Repeat, Seed, _training) = (trialId, configuration, repeat, seed, configurations);

    public int TrialId { get; init; }

    public int Configuration { get; init; }

    public int Repeat { get; init; }

    public ulong Seed { get; init; }

    /// <summary>The options this trial trains with (its configuration's; made from the plan's table when it has one).</summary>
    public TrainingOptions Training
    {
        get => _training as TrainingOptions ?? ((PlanConfigurations)_training)[Configuration];
        init => _training = value ?? throw new ArgumentNullException(nameof(value));
    }

    public bool Equals(TrialSpec? other) =>
        other is not null
        && (TrialId, Configuration, Repeat, Seed) == (other.TrialId, other.Configuration, other.Repeat, other.Seed)
        && Training.Equals(other.Training);

    public override int GetHashCode() => HashCode.Combine(TrialId, Configuration, Repeat, Seed, Training);

    public void Deconstruct(out int trialId, out int configuration, out int repeat, out ulong seed, out TrainingOptions training) =>
        (trialId, configuration, repeat, seed, training) = (TrialId, Configuration, Repeat, Seed, Training);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"TrialId = {TrialId}, Configuration = {Configuration}, Repeat = {Repeat}, Seed = {Seed}, Training = {Training}");
        return true;
    }
}
