using System.Text.Json;
using DropoutSweep.Core.Results.Statistics;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>results.json</c>: <c>{"sweep": {...summary...}, "configurations": [...], "trials": [...]}</c> with camelCase
/// names. Each trial holds the columns of <c>results.csv</c> under their <see cref="ResultField.JsonName"/>s
/// (<c>valAccuracy</c>, <c>dropoutRate</c>, ..., see <see cref="TrialColumns"/>). Each configuration, in rank order,
/// holds its <c>rank</c>, its number (<c>config</c>), its swept settings under the trial rows' names, <c>repeats</c>, the
/// mean, sample std and 95 % interval of validation accuracy and loss, the p-value of its difference from the best
/// (raw and Holm-adjusted) and <c>tiedWithBest</c> (<see cref="SweepStatistics"/>; null where there is no value).
/// Metrics are full-precision numbers, or the strings <c>"NaN"</c>/<c>"Infinity"</c>, and seeds are strings (see
/// <see cref="JsonFormats"/>). Written as a stream.
/// </summary>
public static class ResultsJsonWriter
{
    public const string FileName = "results.json";

    // Utf8JsonWriter buffers until flushed: flush every so many bytes, so the file is never held in memory whole.
    private const int FlushEvery = 1 << 16;

    /// <summary>The file's bytes (UTF-8).</summary>
    /// <param name="statistics">The ranking's statistics; computed here when null.</param>
    public static byte[] Format(Ranking ranking, SweepSummary summary, SweepStatistics? statistics = null)
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer, ranking, summary, statistics ?? SweepStatistics.Of(ranking));
        return buffer.ToArray();
    }

    /// <summary>Writes <c>results.json</c> into <paramref name="outputDirectory"/> atomically.</summary>
    /// <param name="statistics">The ranking's statistics; computed here when null.</param>
    public static void Write(string outputDirectory, Ranking ranking, SweepSummary summary, SweepStatistics? statistics = null) =>
        AtomicFile.Write(Path.Combine(outputDirectory, FileName), stream => WriteTo(stream, ranking, summary, statistics ?? SweepStatistics.Of(ranking)));

    private static void WriteTo(Stream stream, Ranking ranking, SweepSummary summary, SweepStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var columns = TrialColumns.Of(ranking);
        using (var json = new Utf8JsonWriter(stream, JsonFormats.IndentedWriter))
        {
            json.WriteStartObject();
            json.WritePropertyName("sweep");
            WriteSummary(json, ranking, summary, statistics);
            WriteConfigurations(json, ranking, statistics);
            json.WriteStartArray("trials");
            foreach (var trial in ranking.Trials)
            {
                json.WriteStartObject();
                foreach (var column in columns)
                {
                    column.WriteJson(json, trial);
                }

                json.WriteEndObject();
                if (json.BytesPending > FlushEvery)
                {
                    json.Flush();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void WriteSummary(Utf8JsonWriter json, Ranking ranking, SweepSummary summary, SweepStatistics statistics)
    {
        var plan = ranking.Plan;
        var finished = ranking.Trials.Count;
        json.WriteStartObject();
        json.WriteString("name", plan.Options.Name);
        json.WriteString("strategy", plan.Options.Strategy.ToString());
        json.WriteString("planHash", plan.Hash);
        json.WriteBoolean("complete", ReportFacts.IsComplete(ranking, summary));
        json.WriteNumber("totalTrials", plan.Trials.Count);
        json.WriteNumber("finishedTrials", finished);
        json.WriteNumber("resumedTrials", summary.ResumedTrials);
        foreach (var status in Enum.GetValues<TrialStatus>())
        {
            json.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(status.ToString()), ranking.Trials.Count(trial => trial.Result.Status == status));
        }

        json.WriteNumber("configurations", plan.Configurations);
        json.WriteNumber("repeats", plan.Options.Repeats);
        json.WriteString("seeds", plan.Options.Seeds.ToString());
        if (statistics.Tested)
        {
            json.WriteString("test", ComparisonTests.Name(statistics.Test));
        }
        else
        {
            json.WriteNull("test");
        }

        json.WriteStartArray("sweptSettings");
        foreach (var name in plan.SweptSettings)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteString("dataset", summary.DatasetName);
        json.WriteString("datasetHash", summary.DatasetHash);
        WriteLabels(json, summary);
        json.WriteString("startedAt", summary.StartedAt);
        json.WriteString("finishedAt", summary.FinishedAt);
        json.WriteNumber("seconds", ReportValues.SecondsRounded(summary.Elapsed.TotalSeconds));
        ReportValues.WriteJsonNumber(json, "trialsPerMinute", summary.TrialsPerMinute(finished));
        json.WriteString("toolVersion", summary.ToolVersion);
        json.WriteString("machine", summary.Machine);
        json.WriteNumber("cores", summary.Cores);
        json.WriteNumber("parallelism", summary.Parallelism);
        json.WriteNumber("epochsTrained", ranking.Trials.Sum(trial => (long)trial.Result.EpochsRun));
        WriteScheduler(json, ranking, summary);
        json.WritePropertyName("best");
        if (ranking.Best is { } best)
        {
            json.WriteStartObject();
            json.WriteNumber(ResultFields.Configuration.JsonName, best.Configuration);
            json.WriteNumber("repeats", best.Trials.Count);
            ReportValues.WriteJsonNumber(json, "valAccuracy", best.ValidationAccuracy.Mean);
            ReportValues.WriteJsonNumber(json, "valAccuracyStd", best.ValidationAccuracy.StandardDeviation);
            ReportValues.WriteJsonNumber(json, "valLoss", best.ValidationLoss.Mean);
            ReportValues.WriteJsonNumber(json, "valLossStd", best.ValidationLoss.StandardDeviation);
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

    // One object per ranked configuration, in rank order; the swept settings under the trial rows' names.
    private static void WriteConfigurations(Utf8JsonWriter json, Ranking ranking, SweepStatistics statistics)
    {
        var swept = ranking.SettingColumns.Where(ranking.Plan.SweptSettings.Contains).Select(name => TrainingSettings.Section[name]).ToArray();
        json.WriteStartArray("configurations");
        for (var i = 0; i < ranking.Configurations.Count; i++)
        {
            var (configuration, figures) = (ranking.Configurations[i], statistics.Configurations[i]);
            json.WriteStartObject();
            json.WriteNumber("rank", configuration.Rank);
            json.WriteNumber("config", configuration.Configuration);
            foreach (var setting in swept)
            {
                setting.WriteJson(json, configuration.Training);
            }

            json.WriteNumber("repeats", figures.Repeats);
            WriteMetric(json, "valAccuracy", figures.ValidationAccuracy);
            WriteMetric(json, "valLoss", figures.ValidationLoss);
            WriteOptional(json, "pValue", figures.PValue);
            WriteOptional(json, "pValueHolm", figures.PValueHolm);
            if (figures.TiedWithBest is { } tied)
            {
                json.WriteBoolean("tiedWithBest", tied);
            }
            else
            {
                json.WriteNull("tiedWithBest");
            }

            json.WriteEndObject();
            if (json.BytesPending > FlushEvery)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
    }

    private static void WriteMetric(Utf8JsonWriter json, string name, MetricStatistics metric)
    {
        ReportValues.WriteJsonNumber(json, name + "Mean", metric.Mean);
        WriteOptional(json, name + "Std", metric.StandardDeviation);
        WriteOptional(json, name + "CiLow", metric.CiLow);
        WriteOptional(json, name + "CiHigh", metric.CiHigh);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            ReportValues.WriteJsonNumber(json, name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    // The rung table as plain rows (report.html draws its funnel from them) and the workers' idle time.
    private static void WriteScheduler(Utf8JsonWriter json, Ranking ranking, SweepSummary summary)
    {
        json.WriteString("scheduler", ranking.Plan.Options.Scheduler.Kind.ToString());
        json.WriteStartArray("rungs");
        foreach (var row in Scheduling.RungTable.Of(ranking.Plan, summary.RungDecisions))
        {
            json.WriteStartObject();
            json.WriteNumber("bracket", row.Bracket);
            json.WriteNumber("rung", row.Rung);
            json.WriteNumber("fromEpochs", row.FromEpochs);
            json.WriteNumber("epochs", row.Epochs);
            json.WriteNumber("configurations", row.Configurations);
            WriteOptional(json, "promoted", row.Promoted);
            json.WriteBoolean("decided", row.Decided);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WritePropertyName("workerTime");
        if (summary.WorkerTime is { } time)
        {
            json.WriteStartObject();
            json.WriteNumber("workers", time.Workers);
            json.WriteNumber("seconds", ReportValues.SecondsRounded(time.WorkerSeconds));
            json.WriteNumber("idleSeconds", ReportValues.SecondsRounded(time.IdleSeconds));
            ReportValues.WriteJsonNumber(json, "idleShare", time.IdleShare);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNullValue();
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

    // The CSV label → class number mapping ({"setosa": 0, ...}), so that class numbers in any output can be read back.
    private static void WriteLabels(Utf8JsonWriter json, SweepSummary summary)
    {
        json.WritePropertyName("labels");
        if (summary.ClassNames is not { } names)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        for (var k = 0; k < names.Count; k++)
        {
            json.WriteNumber(names[k], k);
        }

        json.WriteEndObject();
    }
}
