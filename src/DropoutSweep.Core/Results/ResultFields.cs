using System.Linq.Expressions;
using System.Text.Json.Serialization.Metadata;

namespace DropoutSweep.Core.Results;

/// <summary>
/// The catalogue of per-trial result fields, in the order of results.csv's columns (the swept settings' columns go
/// after <see cref="Status"/>). trials.jsonl (and the messages between nodes), results.csv, results.json, report.md and
/// the console's table all derive from it, and so does <c>replay</c>'s comparison (every <see cref="ResultField.Reproducible"/>
/// field). To add a field: give <see cref="TrialResult"/> the property, declare it here with <see cref="Declare{T}"/>
/// and add it to <see cref="All"/>, and fill it where the result is made.
/// </summary>
public static class ResultFields
{
    public static ResultField<int> Trial { get; } = Declare(r => r.TrialId, "trial", ResultFormat.Integer, "The trial's number, from 1; it never changes once given (extending a sweep numbers new trials after it).");

    public static ResultField<int> Configuration { get; } = Declare(r => r.Configuration, "configuration", ResultFormat.Integer, "The configuration's number, from 1: the repeats of one configuration share it.");

    public static ResultField<int> Repeat { get; } = Declare(r => r.Repeat, "repeat", ResultFormat.Integer, "Which repeat of its configuration the trial is, from 1.");

    public static ResultField<TrialStatus> Status { get; } = Declare(r => r.Status, "status", ResultFormat.Status, "Completed, Diverged, Failed, TimedOut, Cancelled, or Pruned (stopped by the scheduler at a rung that did not promote its configuration).");

    public static ResultField<ulong> Seed { get; } = Declare(r => r.Seed, "seed", ResultFormat.Seed, "The trial's seed (initial weights and dropout masks); a string in JSON files, so that it stays exact.");

    public static ResultField<double> ValidationAccuracy { get; } = Declare(r => r.ValidationAccuracy, "valAccuracy", ResultFormat.Metric, "Validation accuracy after the last epoch run (dropout off).", ResultSummary.Console);

    public static ResultField<double> ValidationLoss { get; } = Declare(r => r.ValidationLoss, "valLoss", ResultFormat.Metric, "Validation data loss after the last epoch run: mean cross-entropy, no regularisation, dropout off.", ResultSummary.Console);

    public static ResultField<double> BestValidationAccuracy { get; } = Declare(r => r.BestValidationAccuracy, "bestValAccuracy", ResultFormat.Metric, "The highest validation accuracy of any evaluation.", ResultSummary.Report);

    public static ResultField<int> BestEpoch { get; } = Declare(r => r.BestEpoch, "bestEpoch", ResultFormat.Integer, "The epoch of the first evaluation that reached bestValAccuracy (0: none).");

    public static ResultField<double> BestValidationLoss { get; } = Declare(r => r.BestValidationLoss, "bestValLoss", ResultFormat.Metric, "The lowest validation loss of any evaluation.");

    public static ResultField<double> TestAccuracy { get; } = Declare(r => r.TestAccuracy, "testAccuracy", ResultFormat.Metric, "Accuracy of the final network on the held-out test set (an Idx data set's TestImages), measured once after training and never used for ranking; NaN without a test set or unless Completed.", ResultSummary.Report, measuredSometimes: true);

    public static ResultField<double> TestLoss { get; } = Declare(r => r.TestLoss, "testLoss", ResultFormat.Metric, "Data loss of the final network on the held-out test set (as valLoss is measured); NaN without a test set or unless Completed.", measuredSometimes: true);

    public static ResultField<double> TrainAccuracy { get; } = Declare(r => r.TrainAccuracy, "trainAccuracy", ResultFormat.Metric, "Training accuracy of the last epoch run, measured while training (dropout on).", ResultSummary.Report);

    public static ResultField<double> TrainLoss { get; } = Declare(r => r.TrainLoss, "trainLoss", ResultFormat.Metric, "Training loss of the last epoch run while training (dropout on): data loss plus regularisation loss.");

    public static ResultField<int> EpochsRun { get; } = Declare(r => r.EpochsRun, "epochsRun", ResultFormat.Integer, "Epochs trained to the end with finite losses; below the Epochs setting when the trial diverged or was stopped.");

    public static ResultField<bool> StoppedEarly { get; } = Declare(r => r.StoppedEarly, "stoppedEarly", ResultFormat.Flag, "True when early stopping (Training:EarlyStopping) ended the trial: Completed, epochsRun being the epoch it stopped at.");

    public static ResultField<int?> Rung { get; } = Declare(r => r.Rung, "rung", ResultFormat.Integer, "With Sweep:Scheduler: the rung the trial reached, from 1, whose epochs its metrics were measured at (for a Pruned trial, the rung that stopped it); empty without a scheduler.", reproducible: false);

    public static ResultField<double> Seconds { get; } = Declare(r => r.Seconds, "seconds", ResultFormat.Seconds, "Training wall time in seconds.", reproducible: false);

    public static ResultField<string> Node { get; } = Declare(r => r.Node, "node", ResultFormat.Text, "Where the trial ran: host:port of a cluster node, or local.", reproducible: false);

    public static ResultField<int> Attempts { get; } = Declare(r => r.Attempts, "attempts", ResultFormat.Integer, "Attempts it took: a trial that throws is retried up to Sweep:MaxAttempts.", reproducible: false);

    public static ResultField<string?> Reason { get; } = Declare(r => r.Reason, "reason", ResultFormat.Text, "Why the trial did not complete: the error, the timeout, or which quantity became NaN or infinite at which epoch; empty when Completed.");

    /// <summary>Every field, in column order.</summary>
    public static IReadOnlyList<ResultField> All { get; } =
    [
        Trial, Configuration, Repeat, Status, Seed, ValidationAccuracy, ValidationLoss, BestValidationAccuracy, BestEpoch, BestValidationLoss,
        TestAccuracy, TestLoss, TrainAccuracy, TrainLoss, EpochsRun, StoppedEarly, Rung, Seconds, Node, Attempts, Reason,
    ];

    /// <summary>The fields before the setting columns (up to <see cref="Status"/>).</summary>
    public static IReadOnlyList<ResultField> BeforeSettings { get; } = All.Take(IndexOf(Status) + 1).ToArray();

    /// <summary>The fields after the setting columns.</summary>
    public static IReadOnlyList<ResultField> AfterSettings { get; } = All.Skip(IndexOf(Status) + 1).ToArray();

    /// <summary>
    /// The numeric fields shown per configuration (mean ± std) at <paramref name="level"/> or above, in column order. A
    /// field that only some sweeps measure (<see cref="ResultField.MeasuredSometimes"/>) is left to the caller to drop
    /// when no trial has a value.
    /// </summary>
    public static IReadOnlyList<ResultField<double>> Summarised(ResultSummary level) =>
        All.OfType<ResultField<double>>().Where(field => field.Summary != ResultSummary.None && field.Summary >= level).ToArray();

    /// <summary>
    /// Names <see cref="TrialResult"/>'s JSON properties (trials.jsonl, the wire) by their fields' <see cref="ResultField.JournalKey"/>;
    /// a property without a declaration is a bug, reported when the JSON options are first used.
    /// </summary>
    internal static void ApplyJournalKeys(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(TrialResult))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            var member = (property.AttributeProvider as System.Reflection.MemberInfo)?.Name;
            var field = All.FirstOrDefault(f => f.Name == member)
                ?? throw new InvalidOperationException($"TrialResult.{member} has no declaration in ResultFields.");
            property.Name = field.JournalKey;
        }
    }

    private static ResultField<T> Declare<T>(Expression<Func<TrialResult, T>> property, string jsonName, ResultFormat format, string description, ResultSummary summary = ResultSummary.None, string? journalKey = null, bool reproducible = true, bool measuredSometimes = false) =>
        new(property, jsonName, format, summary, description, journalKey, reproducible, measuredSometimes);

    private static int IndexOf(ResultField field)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (ReferenceEquals(All[i], field))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{field.Name} is not in ResultFields.All.");
    }
}
