using System.Text;
using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class TrialJournalTests : IDisposable
{
    private readonly TemporaryFolder _temporary = new("dropout-sweep-journal-");
    private readonly DropoutSweep.Core.Search.SweepPlan _plan = Plan([0.0, 0.1, 0.2, 0.3, 0.4]);

    private string JournalPath => _temporary.File(TrialJournal.FileName);

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public void Results_of_every_status_read_back_equal_in_the_order_they_were_appended()
    {
        TrialResult[] results =
        [
            Completed(_plan, 3, 0.1 + 0.2, loss: Math.PI) with { Node = "127.0.0.1:4053", Seconds = 1.0 / 3.0 },
            NotCompleted(_plan, 1, TrialStatus.Diverged, "loss is NaN"),
            NotCompleted(_plan, 2, TrialStatus.Failed, "out of memory\nat line 2"),
            NotCompleted(_plan, 4, TrialStatus.TimedOut, "over 00:01:00"),
            NotCompleted(_plan, 5, TrialStatus.Cancelled, "Ctrl+C") with { ValidationLoss = double.PositiveInfinity },
        ];
        using (var journal = TrialJournal.Open(_temporary.Path))
        {
            Assert.Empty(journal.Recovered.Results);
            foreach (var result in results)
            {
                journal.Append(result);
            }
        }

        var contents = TrialJournal.Read(_temporary.Path);

        Assert.Equal(results, contents.Results);
        Assert.Empty(contents.Warnings);
        Assert.Equal(5, File.ReadAllLines(JournalPath).Length);
    }

    [Fact]
    public void A_curve_is_journaled_with_its_result_and_read_back_only_when_asked_for_by_trial_number()
    {
        using (var journal = TrialJournal.Open(_temporary.Path))
        {
            journal.Append(Completed(_plan, 4, 0.5), Curve(4, 3));
            journal.Append(NotCompleted(_plan, 2, TrialStatus.Failed, "boom"));
            journal.Append(NotCompleted(_plan, 1, TrialStatus.Cancelled, "Ctrl+C"), Curve(1, 1));
            journal.Append(Completed(_plan, 1, 0.6), Curve(1, 2)); // run again on resume: replaces the cancelled line
        }

        var lines = File.ReadAllLines(JournalPath);
        Assert.Contains("\"curve\":{\"epoch\":[10,20,30],", lines[0]);
        Assert.DoesNotContain("curve", lines[1]);
        Assert.Equal([4, 2, 1], TrialJournal.Read(_temporary.Path).Results.Select(r => r.TrialId));
        Assert.Equal([(1, Curve(1, 2)), (2, LearningCurve.Empty), (4, Curve(4, 3))], TrialJournal.ReadCurves(_temporary.Path));
    }

    [Fact]
    public void A_seed_above_two_to_the_53_is_journaled_as_a_string_and_reads_back_exactly()
    {
        // 2^53 + 1: a JSON number would be read by JavaScript and jq as 2^53.
        var result = Completed(_plan, 1, 0.5) with { Seed = 9_007_199_254_740_993UL };
        using (var journal = TrialJournal.Open(_temporary.Path))
        {
            journal.Append(result);
        }

        Assert.Contains("\"seed\":\"9007199254740993\"", File.ReadAllText(JournalPath));
        Assert.Equal(result, Assert.Single(TrialJournal.Read(_temporary.Path).Results));
    }

    [Fact]
    public void A_journal_written_with_seeds_as_numbers_still_reads()
    {
        File.WriteAllText(JournalPath, "{\"trialId\":1,\"configuration\":1,\"repeat\":1,\"seed\":1000,\"status\":\"Completed\",\"validationAccuracy\":0.5,\"epochsRun\":10}\n");

        var read = Assert.Single(TrialJournal.Read(_temporary.Path).Results);

        Assert.Equal(1000UL, read.Seed);
        Assert.Equal(0.5, read.ValidationAccuracy);
    }

    [Fact]
    public void An_appended_result_is_in_the_file_before_append_returns()
    {
        using var journal = TrialJournal.Open(_temporary.Path);

        journal.Append(Completed(_plan, 1, 0.5));

        // Read through another handle while the journal is still open.
        Assert.Equal([1], TrialJournal.Read(_temporary.Path).Results.Select(r => r.TrialId));
    }

    [Fact]
    public void A_missing_journal_reads_as_empty()
    {
        var contents = TrialJournal.Read(_temporary.Path);

        Assert.Empty(contents.Results);
        Assert.Empty(contents.Warnings);
    }

    [Fact]
    public void A_line_cut_short_by_a_crash_is_reported_ignored_and_cut_off_before_the_next_append()
    {
        WriteJournal(Completed(_plan, 1, 0.5), Completed(_plan, 2, 0.6));
        var whole = File.ReadAllBytes(JournalPath);
        var third = Encoding.UTF8.GetBytes(Line(Completed(_plan, 3, 0.7)));
        File.WriteAllBytes(JournalPath, [.. whole, .. third.AsSpan(0, third.Length / 2)]);

        var read = TrialJournal.Read(_temporary.Path);

        Assert.Equal([1, 2], read.Results.Select(r => r.TrialId));
        var warning = Assert.Single(read.Warnings);
        Assert.StartsWith("trials.jsonl line 3: unfinished last line", warning);
        Assert.Equal(whole.Length + (third.Length / 2), new FileInfo(JournalPath).Length);

        using (var journal = TrialJournal.Open(_temporary.Path))
        {
            Assert.Equal([1, 2], journal.Recovered.Results.Select(r => r.TrialId));
            Assert.Single(journal.Recovered.Warnings);
            Assert.Equal(whole.Length, new FileInfo(JournalPath).Length);
            journal.Append(Completed(_plan, 3, 0.7));
        }

        var repaired = TrialJournal.Read(_temporary.Path);
        Assert.Equal([1, 2, 3], repaired.Results.Select(r => r.TrialId));
        Assert.Empty(repaired.Warnings);
    }

    [Fact]
    public void Zero_bytes_left_at_the_end_by_a_crash_are_treated_as_an_unfinished_line()
    {
        WriteJournal(Completed(_plan, 1, 0.5));
        File.AppendAllText(JournalPath, "\0\0\0\0\0\0");

        using var journal = TrialJournal.Open(_temporary.Path);

        Assert.Equal([1], journal.Recovered.Results.Select(r => r.TrialId));
        Assert.Single(journal.Recovered.Warnings);
    }

    [Fact]
    public void A_whole_last_record_without_its_line_end_is_kept_and_the_next_record_starts_a_new_line()
    {
        File.WriteAllText(JournalPath, Line(Completed(_plan, 1, 0.5)).TrimEnd('\n'));

        using (var journal = TrialJournal.Open(_temporary.Path))
        {
            Assert.Equal([1], journal.Recovered.Results.Select(r => r.TrialId));
            journal.Append(Completed(_plan, 2, 0.6));
        }

        var read = TrialJournal.Read(_temporary.Path);
        Assert.Equal([1, 2], read.Results.Select(r => r.TrialId));
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void A_corrupt_line_before_the_last_is_an_error_naming_the_line()
    {
        File.WriteAllText(JournalPath, Line(Completed(_plan, 1, 0.5)) + "{\"trialId\": 2, \"oops\n" + Line(Completed(_plan, 3, 0.7)));

        var read = Assert.Throws<TrialJournalException>(() => TrialJournal.Read(_temporary.Path));
        var open = Assert.Throws<TrialJournalException>(() => TrialJournal.Open(_temporary.Path));

        Assert.Contains("trials.jsonl line 2: not a trial result", read.Message);
        Assert.Contains("line 2", open.Message);
    }

    [Fact]
    public void A_line_missing_a_required_field_is_not_a_trial_result()
    {
        File.WriteAllText(JournalPath, "{\"trialId\": 1, \"configIndex\": 0}\n" + Line(Completed(_plan, 2, 0.5)));

        var error = Assert.Throws<TrialJournalException>(() => TrialJournal.Read(_temporary.Path));

        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public void A_trial_journaled_twice_keeps_its_first_result_and_says_so()
    {
        WriteJournal(Completed(_plan, 1, 0.5), Completed(_plan, 2, 0.6), Completed(_plan, 1, 0.9));

        var read = TrialJournal.Read(_temporary.Path);

        Assert.Equal([1, 2], read.Results.Select(r => r.TrialId));
        Assert.Equal(0.5, read.Results[0].ValidationAccuracy);
        Assert.Equal("trials.jsonl line 3: trial 1 again; kept the first result (line 1).", Assert.Single(read.Warnings));
    }

    [Fact]
    public void A_cancelled_trial_run_again_on_resume_is_replaced_by_its_later_result()
    {
        WriteJournal(
            Completed(_plan, 1, 0.5),
            NotCompleted(_plan, 2, TrialStatus.Cancelled, "Ctrl+C"),
            NotCompleted(_plan, 3, TrialStatus.Cancelled, "Ctrl+C"),
            NotCompleted(_plan, 3, TrialStatus.Cancelled, "Ctrl+C again"),
            Completed(_plan, 2, 0.6),
            NotCompleted(_plan, 2, TrialStatus.Cancelled, "stale"));

        var read = TrialJournal.Read(_temporary.Path);

        Assert.Equal([(1, TrialStatus.Completed), (2, TrialStatus.Completed), (3, TrialStatus.Cancelled)], read.Results.Select(r => (r.TrialId, r.Status)));
        Assert.Equal("Ctrl+C", read.Results[2].Reason);
        Assert.Equal("trials.jsonl line 6: trial 2 again; kept the first result (line 5).", Assert.Single(read.Warnings));
    }

    private void WriteJournal(params TrialResult[] results)
    {
        using var journal = TrialJournal.Open(_temporary.Path);
        foreach (var result in results)
        {
            journal.Append(result);
        }
    }

    private static string Line(TrialResult result) => System.Text.Json.JsonSerializer.Serialize(result, JsonFormats.Compact) + "\n";
}
