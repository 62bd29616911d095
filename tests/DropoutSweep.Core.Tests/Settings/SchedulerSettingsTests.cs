using System.Text.Json;
using System.Text.Json.Nodes;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Scheduling;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;
using Xunit;

namespace DropoutSweep.Core.Tests.Settings;

/// <summary><c>Sweep:Scheduler</c> and <c>Sweep:Training:EarlyStopping</c> read and checked through the catalogue, as a sweep file is.</summary>
public sealed class SchedulerSettingsTests
{
    private static SweepOptionsReading Read(string sweepBody)
    {
        var json = $$"""{ "Sweep": { "Dataset": { "ValidationFraction": 0.5 }, {{sweepBody}} } }""";
        var tree = (JsonObject)JsonNode.Parse(json, SettingsTree.NodeOptions, new JsonDocumentOptions { AllowTrailingCommas = true })!;
        return SweepReader.Read(tree[SweepSettings.Root]);
    }

    private static string[] Problems(string sweepBody) => Read(sweepBody).Problems.Select(p => p.ToString()).ToArray();

    [Fact]
    public void The_issue_measurement_reads_into_successive_halving_with_its_defaults()
    {
        var reading = Read("""
            "Training": { "Epochs": 4000, "EvaluateEvery": 50 },
            "Scheduler": { "Kind": "SuccessiveHalving", "MinEpochs": 50 }
            """);

        Assert.Empty(reading.Problems);
        Assert.Equal(new SchedulerOptions { Kind = SchedulerKind.SuccessiveHalving, MinEpochs = 50, ReductionFactor = 3, Metric = ValidationMetric.ValAccuracy }, reading.Options.Scheduler);
    }

    [Fact]
    public void Without_a_scheduler_section_the_sweep_runs_every_trial_to_the_end_and_never_stops_early()
    {
        var reading = Read("\"Name\": \"plain\"");

        Assert.Empty(reading.Problems);
        Assert.False(reading.Options.Scheduler.Enabled);
        Assert.False(reading.Options.Training.EarlyStopping.Enabled);
        // Only Kind enters the plan's fingerprint while it is None: its other settings do not apply.
        var fingerprint = PlanFingerprint.Of(reading.Options);
        Assert.Equal("None", fingerprint["Scheduler.Kind"]);
        Assert.DoesNotContain(fingerprint.Keys, k => k.StartsWith("Scheduler.", StringComparison.Ordinal) && k != "Scheduler.Kind");
    }

    [Fact]
    public void A_scheduler_without_its_first_budget_names_the_setting()
    {
        Assert.Equal(
            ["Sweep:Scheduler:MinEpochs: required for Kind SuccessiveHalving or Hyperband: the first rung's budget in epochs (>= 1)"],
            Problems("\"Scheduler\": { \"Kind\": \"Hyperband\" }"));
    }

    [Fact]
    public void Every_problem_of_the_scheduler_against_the_sweep_is_named_at_once()
    {
        // Training:EvaluateEvery 100 (the default). A value that cannot be read is reported while reading, before the checks.
        Assert.Equal(
            [
                "Sweep:Scheduler:Metric = 'Accuracy': must be one of ValAccuracy, ValLoss — did you mean ValAccuracy?",
                "Sweep:Scheduler:ReductionFactor = 1: must be a whole number in [2, 2147483647]",
                "Sweep:Scheduler:Brackets = 2: only for Kind Hyperband; successive halving is one bracket",
            ],
            Problems("""
                "Training": { "Epochs": 4000 },
                "Scheduler": { "Kind": "SuccessiveHalving", "MinEpochs": 100, "ReductionFactor": 1, "Metric": "Accuracy", "Brackets": 2 }
                """));
        Assert.Equal(
            [
                "Sweep:Space:Epochs: cannot be swept with a scheduler: Training:Epochs is the last rung's budget, the same for every configuration",
                "Sweep:Scheduler:MinEpochs = 50: must be a multiple of Training:EvaluateEvery (100), so that every rung ends on an evaluation",
                "Sweep:Scheduler:Brackets = 6: must be at most 5, the number of rungs (50, 150, 450, 1350, 4000 epochs)",
            ],
            Problems("""
                "Training": { "Epochs": 4000 },
                "Scheduler": { "Kind": "Hyperband", "MinEpochs": 50, "Brackets": 6 },
                "Space": { "Epochs": { "Values": [ 1000, 2000 ] } }
                """));
        Assert.Equal(
            ["Sweep:Scheduler:MinEpochs = 2000: must be below Training:Epochs (2000), the last rung's budget"],
            Problems("\"Scheduler\": { \"Kind\": \"SuccessiveHalving\", \"MinEpochs\": 2000 }"));
    }

    [Fact]
    public void Early_stopping_is_a_section_of_Training_with_Keras_defaults_and_checked_ranges()
    {
        var reading = Read("\"Training\": { \"EarlyStopping\": { \"Patience\": 5 } }");
        Assert.Empty(reading.Problems);
        // Keras's EarlyStopping defaults: monitor val_loss, min_delta 0.
        Assert.Equal(new EarlyStoppingOptions { Patience = 5, Metric = ValidationMetric.ValLoss, MinDelta = 0 }, reading.Options.Training.EarlyStopping);
        Assert.Equal("5", PlanFingerprint.Of(reading.Options)["Training.EarlyStopping.Patience"]);

        Assert.Equal(
            [
                "Sweep:Training:EarlyStopping:Patince: unknown setting — did you mean Patience?",
                "Sweep:Training:EarlyStopping:Patience = 0: must be >= 1 (omit it to train every epoch)",
                "Sweep:Training:EarlyStopping:MinDelta = -0.1: must be >= 0",
            ],
            Problems("\"Training\": { \"EarlyStopping\": { \"Patience\": 0, \"MinDelta\": -0.1, \"Patince\": 2 } }"));
    }

    [Theory]
    [InlineData(50, 3, 4000, new[] { 50, 150, 450, 1350, 4000 })]
    [InlineData(50, 3, 1350, new[] { 50, 150, 450, 1350 })]
    [InlineData(100, 2, 1000, new[] { 100, 200, 400, 800, 1000 })]
    [InlineData(10, 10, 11, new[] { 10, 11 })]
    public void Rung_budgets_multiply_by_eta_below_the_full_budget_which_is_the_last_rung(int minEpochs, int eta, int epochs, int[] expected)
    {
        // Hand-computed: MinEpochs·η^k while below Epochs, then Epochs.
        Assert.Equal(expected, RungLadder.Budgets(minEpochs, eta, epochs));
    }
}
