using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <see cref="LearningCurve"/> as one array per column, keyed by <see cref="CurveColumn.JsonName"/> (a column a later
/// version adds reads as NaN from an older journal; an unknown one is skipped). NaN and ±Infinity are the strings
/// <c>"NaN"</c>/<c>"Infinity"</c>, as everywhere in our JSON.
/// </summary>
internal sealed class LearningCurveJsonConverter : JsonConverter<LearningCurve>
{
    public override LearningCurve Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A learning curve is an object of columns, not {reader.TokenType}.");
        }

        var columns = new Dictionary<CurveColumn, List<double>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var column = CurveColumns.All.FirstOrDefault(c => c.JsonName == name);
            if (column is null)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"The learning curve's \"{name}\" is {reader.TokenType}, not an array.");
            }

            var values = new List<double>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                values.Add(reader.TokenType == JsonTokenType.String
                    ? double.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    : reader.GetDouble());
            }

            columns[column] = values;
        }

        if (!columns.TryGetValue(CurveColumns.Epoch, out var epochs))
        {
            throw new JsonException("The learning curve has no \"epoch\" column.");
        }

        var points = new CurvePoint[epochs.Count];
        foreach (var column in CurveColumns.All)
        {
            var values = columns.GetValueOrDefault(column);
            if (values is not null && values.Count != points.Length)
            {
                throw new JsonException($"The learning curve's \"{column.JsonName}\" has {values.Count} values for {points.Length} epochs.");
            }

            for (var i = 0; i < points.Length; i++)
            {
                points[i] = column.Set(points[i], values is null ? double.NaN : values[i]);
            }
        }

        return LearningCurve.Own(points, points.Length);
    }

    public override void Write(Utf8JsonWriter writer, LearningCurve value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var column in CurveColumns.All)
        {
            writer.WriteStartArray(column.JsonName);
            foreach (var point in value)
            {
                ReportValues.WriteJsonNumberValue(writer, column.Get(point));
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
