using System.Text.Json;
using DropoutSweep.Core.Results;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class ResultsJsonWriterTests
{
    [Fact]
    public void Trials_hold_the_csv_fields_in_camel_case_in_rank_order()
    {
        var plan = Plan([0.0, 0.3]);
        var ranking = Ranking.Build(plan, [Completed(plan, 1, 0.5), Completed(plan, 2, 0.75, loss: 0.25)]);

        using var json = JsonDocument.Parse(ResultsJsonWriter.Format(ranking, Summary()));

        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(2, trials.Length);
        var first = trials[0];
        Assert.Equal(
            [
                "rank", "trial", "configuration", "repeat", "status", "dropoutRate", "l2", "learningRate", "seed", "valAccuracy", "valLoss", "bestValAccuracy",
                "bestEpoch", "bestValLoss", "testAccuracy", "testLoss", "trainAccuracy", "trainLoss", "epochsRun", "stoppedEarly", "rung", "seconds", "node", "attempts", "reason",
            ],
            first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal(2, first.GetProperty("trial").GetInt32());
        Assert.Equal("Completed", first.GetProperty("status").GetString());
        Assert.Equal(0.3, first.GetProperty("dropoutRate").GetDouble());
        Assert.Equal(0.75, first.GetProperty("valAccuracy").GetDouble());
        Assert.Equal(1.235, first.GetProperty("seconds").GetDouble());
        Assert.Equal("1001", first.GetProperty("seed").GetString());
    }

    [Fact]
    public void Metrics_round_trip_and_nan_is_written_as_a_string_that_reads_back()
    {
        var plan = Plan([0.0, 0.1]);
        var awkward = Completed(plan, 1, 0.1 + 0.2, loss: Math.PI / 3) with { TrainLoss = 1e-300 };
        var failed = NotCompleted(plan, 2, TrialStatus.Failed, "out of memory");

        var bytes = ResultsJsonWriter.Format(Ranking.Build(plan, [awkward, failed]), Summary());

        var read = JsonSerializer.Deserialize<ResultsFile>(bytes, JsonFormats.Indented)!;
        Assert.Equal(awkward.ValidationAccuracy, read.Trials[0].ValAccuracy);
        Assert.Equal(awkward.ValidationLoss, read.Trials[0].ValLoss);
        Assert.Equal(awkward.TrainLoss, read.Trials[0].TrainLoss);
        Assert.True(double.IsNaN(read.Trials[1].ValAccuracy));
        Assert.Equal(TrialStatus.Failed, read.Trials[1].Status);
        Assert.Equal("out of memory", read.Trials[1].Reason);
    }

    [Fact]
    public void The_sweep_summary_counts_statuses_and_names_the_best_configuration()
    {
        var plan = Plan([0.0, 0.1, 0.2], repeats: 2);
        TrialResult[] results = [Completed(plan, 1, 0.5), Completed(plan, 2, 0.7), Completed(plan, 3, 0.8), Completed(plan, 4, 0.9), NotCompleted(plan, 5, TrialStatus.Diverged, "NaN")];

        using var json = JsonDocument.Parse(ResultsJsonWriter.Format(Ranking.Build(plan, results), Summary(complete: false)));

        var sweep = json.RootElement.GetProperty("sweep");
        Assert.Equal("test-sweep", sweep.GetProperty("name").GetString());
        Assert.Equal("plan-hash-123", sweep.GetProperty("planHash").GetString());
        Assert.False(sweep.GetProperty("complete").GetBoolean());
        Assert.Equal(6, sweep.GetProperty("totalTrials").GetInt32());
        Assert.Equal(5, sweep.GetProperty("finishedTrials").GetInt32());
        Assert.Equal(4, sweep.GetProperty("completed").GetInt32());
        Assert.Equal(1, sweep.GetProperty("diverged").GetInt32());
        Assert.Equal(0, sweep.GetProperty("timedOut").GetInt32());
        Assert.Equal(120, sweep.GetProperty("seconds").GetDouble());
        Assert.Equal(2.5, sweep.GetProperty("trialsPerMinute").GetDouble());
        Assert.Equal("spiral 1000×3", sweep.GetProperty("dataset").GetString());
        Assert.Equal("9.9.9-test", sweep.GetProperty("toolVersion").GetString());
        var best = sweep.GetProperty("best");
        Assert.Equal(2, best.GetProperty("configuration").GetInt32());
        Assert.Equal(0.85, best.GetProperty("valAccuracy").GetDouble(), 1e-12);
        Assert.Equal(0.1, best.GetProperty("training").GetProperty("dropoutRate").GetDouble());
        Assert.Equal(10, best.GetProperty("training").GetProperty("epochs").GetInt32());
    }

    [Fact]
    public void With_epochs_swept_a_trial_has_one_epochs_key_the_setting_and_epochs_run_beside_it()
    {
        var plan = Plan([0.1], extra: ("Epochs", [5, 20]));
        var stopped = Completed(plan, 2, 0.4) with { EpochsRun = 7 };

        var bytes = ResultsJsonWriter.Format(Ranking.Build(plan, [Completed(plan, 1, 0.5), stopped]), Summary());

        // JsonDocument keeps duplicate keys, so a second "epochs" would be seen here.
        using var json = JsonDocument.Parse(bytes);
        foreach (var trial in json.RootElement.GetProperty("trials").EnumerateArray())
        {
            Assert.Single(trial.EnumerateObject(), p => p.Name == "epochs");
            Assert.Single(trial.EnumerateObject(), p => p.Name == "epochsRun");
        }

        var second = json.RootElement.GetProperty("trials").EnumerateArray().Single(t => t.GetProperty("trial").GetInt32() == 2);
        Assert.Equal(20, second.GetProperty("epochs").GetInt32());
        Assert.Equal(7, second.GetProperty("epochsRun").GetInt32());
    }

    [Fact]
    public void A_seed_above_two_to_the_53_is_written_exactly_as_a_string()
    {
        // 2^53 + 1 is the first integer an IEEE double (JavaScript, jq) cannot hold: as a JSON number it reads as 2^53.
        const ulong seed = 9_007_199_254_740_993UL;
        var plan = Plan([0.1]);
        plan = plan with { Trials = [plan.Trials[0] with { Seed = seed }] };

        var bytes = ResultsJsonWriter.Format(Ranking.Build(plan, [Completed(plan, 1, 0.5) with { Seed = seed }]), Summary());

        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"seed\": \"9007199254740993\"", text);
        Assert.NotEqual(seed, (ulong)(double)seed);
    }

    [Fact]
    public void The_label_mapping_of_a_csv_data_set_is_in_the_summary()
    {
        var plan = Plan([0.1]);

        var bytes = ResultsJsonWriter.Format(Ranking.Build(plan, [Completed(plan, 1, 0.5)]), Summary() with { ClassNames = ["setosa", "versicolor", "virginica"] });

        using var json = JsonDocument.Parse(bytes);
        var labels = json.RootElement.GetProperty("sweep").GetProperty("labels");
        Assert.Equal([("setosa", 0), ("versicolor", 1), ("virginica", 2)], labels.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
    }

    private sealed record ResultsFile(JsonElement Sweep, IReadOnlyList<TrialRow> Trials);

    private sealed record TrialRow(int Rank, int Trial, TrialStatus Status, double ValAccuracy, double ValLoss, double TrainLoss, string? Reason);
}
