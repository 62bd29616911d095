using System.Text.Json;
using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

/// <summary>The result-field catalogue: complete, unambiguous, and what every file's names and formats come from.</summary>
public sealed class ResultFieldsTests
{
    [Fact]
    public void Every_property_of_a_trial_result_is_declared_exactly_once()
    {
        var properties = typeof(TrialResult).GetProperties().Select(p => p.Name).Order();

        Assert.Equal(properties, ResultFields.All.Select(f => f.Name).Order());
        Assert.All(ResultFields.All, f => Assert.Equal(typeof(TrialResult).GetProperty(f.Name)!.PropertyType, f.ValueType));
    }

    [Fact]
    public void Names_are_unique_in_every_file_and_follow_each_files_convention()
    {
        Assert.Equal(ResultFields.All.Count, ResultFields.All.Select(f => f.JsonName).Distinct().Count());
        Assert.Equal(ResultFields.All.Count, ResultFields.All.Select(f => f.ColumnName).Distinct().Count());
        Assert.Equal(ResultFields.All.Count, ResultFields.All.Select(f => f.JournalKey).Distinct().Count());
        Assert.All(ResultFields.All, f => Assert.Matches("^[a-z][a-zA-Z]*$", f.JsonName));
        Assert.All(ResultFields.All, f => Assert.Matches("^[a-z][a-z_]*$", f.ColumnName));
        Assert.All(ResultFields.All, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        Assert.Equal("epochs_run", ResultFields.EpochsRun.ColumnName);
        Assert.Equal("best_val_accuracy", ResultFields.BestValidationAccuracy.ColumnName);
    }

    [Fact]
    public void The_journal_keys_are_the_keys_journals_have_always_had()
    {
        // The keys the journal had before the catalogue existed (kept, so that those journals still resume), with the
        // configuration's key as the numbering from 1 renamed it.
        string[] earlier = ["trialId", "configuration", "repeat", "seed", "status", "reason", "attempts", "validationAccuracy", "validationLoss", "bestValidationAccuracy", "bestValidationLoss", "bestEpoch", "trainAccuracy", "trainLoss", "epochsRun", "seconds", "node"];
        // Added by the scheduler issue (a journal written before has neither, and reads back with false and null) and the
        // test set's two figures (read back as NaN).
        string[] added = ["stoppedEarly", "rung", "testAccuracy", "testLoss"];

        Assert.Equal(earlier.Concat(added).Order(), ResultFields.All.Select(f => f.JournalKey).Order());
        var plan = Plan([0.1]);
        using var line = JsonDocument.Parse(JsonSerializer.Serialize(Completed(plan, 1, 0.5), JsonFormats.Compact));
        Assert.Equal(ResultFields.All.Select(f => f.JournalKey).Order(), line.RootElement.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void A_journal_line_written_before_the_test_figures_existed_reads_back_without_them()
    {
        const string line = """{"trialId":1,"configuration":1,"repeat":1,"seed":"5","status":"Completed","reason":null,"attempts":1,"validationAccuracy":0.5,"validationLoss":0.7,"bestValidationAccuracy":0.5,"bestValidationLoss":0.7,"bestEpoch":3,"trainAccuracy":0.6,"trainLoss":0.8,"epochsRun":3,"seconds":0.1,"node":"local"}""";

        var result = JsonSerializer.Deserialize<TrialResult>(line, JsonFormats.Compact)!;

        Assert.Equal(0.5, result.ValidationAccuracy);
        Assert.True(double.IsNaN(result.TestAccuracy) && double.IsNaN(result.TestLoss));
    }

    [Fact]
    public void Each_format_writes_its_values_as_documented()
    {
        var plan = Plan([0.1]);
        var result = NotCompleted(plan, 1, TrialStatus.Failed, "boom") with { Seconds = 1.23456, ValidationAccuracy = 0.1 + 0.2, Seed = ulong.MaxValue };

        Assert.Equal("1.235", ResultFields.Seconds.Text(result));
        Assert.Equal("0.30000000000000004", ResultFields.ValidationAccuracy.Text(result)); // "R": reads back as the same double
        Assert.Equal("NaN", ResultFields.ValidationLoss.Text(result));
        Assert.Equal("18446744073709551615", ResultFields.Seed.Text(result));
        Assert.Equal("Failed", ResultFields.Status.Text(result));
        Assert.Equal(string.Empty, ResultFields.Reason.Text(result with { Reason = null }));
        Assert.Equal(0.1 + 0.2, double.Parse(ResultFields.ValidationAccuracy.Text(result), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_console_shows_validation_accuracy_and_loss_and_the_report_adds_best_test_and_training_accuracy()
    {
        Assert.Equal([ResultFields.ValidationAccuracy, ResultFields.ValidationLoss], ResultFields.Summarised(ResultSummary.Console));
        Assert.Equal([ResultFields.ValidationAccuracy, ResultFields.ValidationLoss, ResultFields.BestValidationAccuracy, ResultFields.TestAccuracy, ResultFields.TrainAccuracy], ResultFields.Summarised(ResultSummary.Report));
        Assert.Equal([ResultFields.TestAccuracy, ResultFields.TestLoss], ResultFields.All.Where(f => f.MeasuredSometimes));
        Assert.Equal(("test_accuracy", "testAccuracy", "testLoss"), (ResultFields.TestAccuracy.ColumnName, ResultFields.TestAccuracy.JsonName, ResultFields.TestLoss.JournalKey));
    }
}
