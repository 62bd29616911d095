using System.Text.Json;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Results;

/// <summary>
/// The per-trial columns of results.csv and keys of results.json, in order: <c>rank</c>, the <see cref="ResultFields"/>
/// up to <c>status</c>, the setting columns of <see cref="Ranking.SettingColumns"/>, then the remaining result fields.
/// Both files derive from this one list, so a name appears once per row.
/// </summary>
internal static class TrialColumns
{
    public static IReadOnlyList<TrialColumn> Of(Ranking ranking) =>
    [
        new("rank", "rank", (writer, trial) => ReportText.WriteInteger(writer, trial.Rank), (json, trial) => json.WriteNumber("rank", trial.Rank)),
        .. ResultFields.BeforeSettings.Select(Field),
        .. ranking.SettingColumns.Select(Setting),
        .. ResultFields.AfterSettings.Select(Field),
    ];

    private static TrialColumn Field(ResultField field) =>
        new(field.ColumnName, field.JsonName, (writer, trial) => field.WriteCsv(writer, trial.Result), (json, trial) => field.WriteJson(json, trial.Result));

    private static TrialColumn Setting(string name)
    {
        var setting = TrainingSettings.Section[name];
        return new TrialColumn(
            setting.Column,
            setting.JsonName,
            (writer, trial) => ReportText.WriteCsvField(writer, setting.Format(trial.Spec.Training)),
            (json, trial) => setting.WriteJson(json, trial.Spec.Training));
    }
}
