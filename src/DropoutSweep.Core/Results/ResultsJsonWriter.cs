using System.Text.Json;
using DropoutSweep.Core.Search;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>results.json</c>: <c>{"sweep": {...summary...}, "trials": [...]}</c> with camelCase names. Each trial holds the
/// fields of <c>results.csv</c> (<c>valAccuracy</c>, <c>dropoutRate</c>, ...) plus <c>reason</c> and <c>attempts</c>;
/// metrics are full-precision numbers, or the strings <c>"NaN"</c>/<c>"Infinity"</c> (see <see cref="JsonFormats"/>).
/// </summary>
public static class ResultsJsonWriter
{
    public const string FileName = "results.json";

    /// <summary>The file's bytes (UTF-8).</summary>
    public static byte[] Format(Ranking ranking, SweepSummary summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonFormats.IndentedWriter))
        {
            json.WriteStartObject();
            json.WritePropertyName("sweep");
            WriteSummary(json, ranking, summary);
            json.WriteStartArray("trials");
            foreach (var trial in ranking.Trials)
            {
                WriteTrial(json, ranking, trial);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Writes <c>results.json</c> into <paramref name="outputDirectory"/> atomically.</summary>
    public static void Write(string outputDirectory, Ranking ranking, SweepSummary summary)
    {
        var bytes = Format(ranking, summary);
        AtomicFile.Write(Path.Combine(outputDirectory, FileName), stream => stream.Write(bytes));
    }

    private static void WriteSummary(Utf8JsonWriter json, Ranking ranking, SweepSummary summary)
    {
        var plan = ranking.Plan;
        var results = ranking.Trials.Select(trial => trial.Result).ToArray();
        json.WriteStartObject();
        json.WriteString("name", plan.Options.Name);
        json.WriteString("strategy", plan.Options.Strategy.ToString());
        json.WriteString("planHash", plan.Hash);
        json.WriteBoolean("complete", ReportFacts.IsComplete(ranking, summary));
        json.WriteNumber("totalTrials", plan.Trials.Count);
        json.WriteNumber("finishedTrials", results.Length);
        json.WriteNumber("resumedTrials", summary.ResumedTrials);
        foreach (var status in Enum.GetValues<TrialStatus>())
        {
            json.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(status.ToString()), results.Count(r => r.Status == status));
        }

        json.WriteNumber("configurations", plan.Configurations);
        json.WriteNumber("repeats", plan.Options.Repeats);
        json.WriteStartArray("sweptSettings");
        foreach (var name in plan.SweptSettings)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteString("dataset", summary.DatasetName);
        json.WriteString("datasetHash", summary.DatasetHash);
        json.WriteString("startedAt", summary.StartedAt);
        json.WriteString("finishedAt", summary.FinishedAt);
        json.WriteNumber("seconds", ReportValues.SecondsRounded(summary.Elapsed.TotalSeconds));
        WriteMetric(json, "trialsPerMinute", summary.TrialsPerMinute(results.Length));
        json.WriteString("toolVersion", summary.ToolVersion);
        json.WriteString("machine", summary.Machine);
        json.WriteNumber("cores", summary.Cores);
        json.WriteNumber("parallelism", summary.Parallelism);
        json.WriteNumber("epochsTrained", results.Sum(r => (long)r.EpochsRun));
        WriteScheduler(json, ranking, summary);
        json.WritePropertyName("best");
        if (ranking.Best is { } best)
        {
            json.WriteStartObject();
            json.WriteNumber("configuration", best.Configuration);
            json.WriteNumber("repeats", best.Trials.Count);
            WriteMetric(json, "valAccuracy", best.ValidationAccuracy.Mean);
            WriteMetric(json, "valAccuracyStd", best.ValidationAccuracy.StandardDeviation);
            WriteMetric(json, "valLoss", best.ValidationLoss.Mean);
            WriteMetric(json, "valLossStd", best.ValidationLoss.StandardDeviation);
            json.WritePropertyName("training");
            JsonSerializer.Serialize(json, best.Training, JsonFormats.Indented);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNullValue();
        }

        json.WriteEndObject();
    }

    private static void WriteTrial(Utf8JsonWriter json, Ranking ranking, RankedTrial trial)
    {
        var (rank, spec, result) = trial;
        json.WriteStartObject();
        json.WriteNumber("rank", rank);
        json.WriteNumber("trial", spec.TrialId);
        json.WriteNumber("repeat", spec.Repeat);
        json.WriteString("status", result.Status.ToString());
        foreach (var name in ranking.SettingColumns)
        {
            TrainingSettings.Section[name].WriteJson(json, spec.Training);
        }

        json.WriteNumber("seed", spec.Seed);
        WriteMetric(json, "valAccuracy", result.ValidationAccuracy);
        WriteMetric(json, "valLoss", result.ValidationLoss);
        WriteMetric(json, "bestValAccuracy", result.BestValidationAccuracy);
        json.WriteNumber("bestEpoch", result.BestEpoch);
        WriteMetric(json, "trainAccuracy", result.TrainAccuracy);
        WriteMetric(json, "trainLoss", result.TrainLoss);
        json.WriteNumber("epochs", result.EpochsRun);
        json.WriteNumber("seconds", ReportValues.SecondsRounded(result.Seconds));
        json.WriteString("node", result.Node);
        json.WriteString("reason", result.Reason);
        json.WriteNumber("attempts", result.Attempts);
        json.WriteBoolean("stoppedEarly", result.StoppedEarly);
        if (result.Rung is { } rung)
        {
            json.WriteNumber("rung", rung);
        }
        else
        {
            json.WriteNull("rung");
        }

        json.WriteEndObject();
    }

    // The rung table as plain rows (report.html draws its funnel from them) and the workers' idle time.
    private static void WriteScheduler(Utf8JsonWriter json, Ranking ranking, SweepSummary summary)
    {
        var scheduler = ranking.Plan.Options.Scheduler;
        json.WriteString("scheduler", scheduler.Kind.ToString());
        json.WriteStartArray("rungs");
        foreach (var row in Scheduling.RungTable.Of(ranking.Plan, summary.RungDecisions))
        {
            json.WriteStartObject();
            json.WriteNumber("bracket", row.Bracket);
            json.WriteNumber("rung", row.Rung);
            json.WriteNumber("epochs", row.Epochs);
            WriteOptional(json, "configurations", row.Configurations);
            WriteOptional(json, "promoted", row.Promoted);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (summary.WorkerTime is { } time)
        {
            json.WriteStartObject("workerTime");
            json.WriteNumber("workers", time.Workers);
            json.WriteNumber("seconds", ReportValues.SecondsRounded(time.WorkerSeconds));
            json.WriteNumber("idleSeconds", ReportValues.SecondsRounded(time.IdleSeconds));
            WriteMetric(json, "idleShare", time.IdleShare);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("workerTime");
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    // Utf8JsonWriter refuses NaN; the named literal strings are what JsonFormats reads back.
    private static void WriteMetric(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteString(name, ReportValues.Metric(value));
        }
    }
}
