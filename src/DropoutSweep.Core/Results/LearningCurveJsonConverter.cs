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

        // One scratch list and one array of points per curve: curves.csv reads 100,000 of them.
        var columns = CurveColumns.All;
        Span<bool> seen = stackalloc bool[columns.Count];
        var values = new List<double>();
        CurvePoint[]? points = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var c = 0;
            while (c < columns.Count && !reader.ValueTextEquals(columns[c].JsonName))
            {
                c++;
            }

            reader.Read();
            if (c == columns.Count)
            {
                reader.Skip();
                continue;
            }

            var column = columns[c];
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"The learning curve's \"{column.JsonName}\" is {reader.TokenType}, not an array.");
            }

            values.Clear();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                values.Add(reader.TokenType == JsonTokenType.String
                    ? double.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    : reader.GetDouble());
            }

            points ??= new CurvePoint[values.Count];
            if (values.Count != points.Length)
            {
                throw new JsonException($"The learning curve's \"{column.JsonName}\" has {values.Count} values for {points.Length} epochs.");
            }

            for (var i = 0; i < points.Length; i++)
            {
                points[i] = column.Set(points[i], values[i]);
            }

            seen[c] = true;
        }

        for (var c = 0; c < columns.Count; c++)
        {
            if (seen[c])
            {
                continue;
            }

            if (points is null || ReferenceEquals(columns[c], CurveColumns.Epoch))
            {
                throw new JsonException("The learning curve has no \"epoch\" column.");
            }

            for (var i = 0; i < points.Length; i++)
            {
                points[i] = columns[c].Set(points[i], double.NaN);
            }
        }

        if (points is null)
        {
            throw new JsonException("The learning curve has no \"epoch\" column.");
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
