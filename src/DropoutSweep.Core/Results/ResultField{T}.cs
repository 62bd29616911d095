using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DropoutSweep.Core.Results;

/// <summary>A <see cref="ResultField"/> whose <see cref="TrialResult"/> property has type <typeparamref name="T"/>.</summary>
public sealed class ResultField<T> : ResultField
{
    internal ResultField(Expression<Func<TrialResult, T>> property, string jsonName, ResultFormat format, ResultSummary summary, string description, string? journalKey, bool reproducible = true, bool measuredSometimes = false)
        : base(PropertyName(property), jsonName, journalKey ?? JsonNamingPolicy.CamelCase.ConvertName(PropertyName(property)), format, summary, description, reproducible, measuredSometimes)
    {
        var allowed = format switch
        {
            ResultFormat.Integer => typeof(T) == typeof(int) || typeof(T) == typeof(int?),
            ResultFormat.Metric or ResultFormat.Seconds => typeof(T) == typeof(double),
            ResultFormat.Text => typeof(T) == typeof(string),
            ResultFormat.Status => typeof(T) == typeof(TrialStatus),
            ResultFormat.Flag => typeof(T) == typeof(bool),
            ResultFormat.Seed => typeof(T) == typeof(ulong),
            _ => false,
        };
        if (!allowed || (summary != ResultSummary.None && typeof(T) != typeof(double)))
        {
            throw new ArgumentException($"Result field {Name}: {typeof(T).Name} cannot be written as {format}{(summary == ResultSummary.None ? string.Empty : " or summarised")}.", nameof(format));
        }

        Get = property.Compile();
    }

    /// <summary>Reads the field from a result.</summary>
    public Func<TrialResult, T> Get { get; }

    public override Type ValueType => typeof(T);

    public override string Text(TrialResult result)
    {
        var value = Get(result);
        return value switch
        {
            null => string.Empty,
            double number when Format == ResultFormat.Seconds => ReportValues.Seconds(number),
            double number => ReportValues.Metric(number),
            int number => ReportValues.Integer(number),
            ulong seed => seed.ToString(CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            _ => value.ToString() ?? string.Empty,
        };
    }

    public override void WriteCsv(TextWriter writer, TrialResult result)
    {
        var value = Get(result);
        if (typeof(T) == typeof(double))
        {
            var number = Unsafe.As<T, double>(ref value);
            if (Format == ResultFormat.Seconds)
            {
                Span<char> text = stackalloc char[32];
                writer.Write(number.TryFormat(text, out var length, "0.000", CultureInfo.InvariantCulture) ? text[..length] : ReportValues.Seconds(number));
            }
            else
            {
                ReportText.WriteMetric(writer, number);
            }
        }
        else if (typeof(T) == typeof(int))
        {
            ReportText.WriteInteger(writer, Unsafe.As<T, int>(ref value));
        }
        else if (typeof(T) == typeof(ulong))
        {
            Span<char> text = stackalloc char[24];
            writer.Write(Unsafe.As<T, ulong>(ref value).TryFormat(text, out var length, provider: CultureInfo.InvariantCulture) ? text[..length] : Text(result));
        }
        else
        {
            ReportText.WriteCsvField(writer, Text(result));
        }
    }

    public override void WriteJson(Utf8JsonWriter json, TrialResult result)
    {
        var value = Get(result);
        if (typeof(T) == typeof(double))
        {
            var number = Unsafe.As<T, double>(ref value);
            ReportValues.WriteJsonNumber(json, JsonName, Format == ResultFormat.Seconds ? ReportValues.SecondsRounded(number) : number);
        }
        else if (typeof(T) == typeof(int))
        {
            json.WriteNumber(JsonName, Unsafe.As<T, int>(ref value));
        }
        else if (typeof(T) == typeof(int?))
        {
            var number = Unsafe.As<T, int?>(ref value);
            if (number is { } present)
            {
                json.WriteNumber(JsonName, present);
            }
            else
            {
                json.WriteNull(JsonName);
            }
        }
        else if (typeof(T) == typeof(bool))
        {
            json.WriteBoolean(JsonName, Unsafe.As<T, bool>(ref value));
        }
        else if (typeof(T) == typeof(ulong))
        {
            // Exact as a string: see JsonFormats.
            json.WriteString(JsonName, Unsafe.As<T, ulong>(ref value).ToString(CultureInfo.InvariantCulture));
        }
        else if (typeof(T) == typeof(TrialStatus))
        {
            json.WriteString(JsonName, Unsafe.As<T, TrialStatus>(ref value).ToString());
        }
        else
        {
            json.WriteString(JsonName, (string?)(object?)value);
        }
    }

    public override double Number(TrialResult result)
    {
        var value = Get(result);
        return value switch
        {
            double number => number,
            int number => number,
            null when typeof(T) == typeof(int?) => double.NaN,
            _ => throw new InvalidOperationException($"Result field {Name} ({typeof(T).Name}) is not a number."),
        };
    }

    public override bool SameValue(TrialResult first, TrialResult second)
    {
        var (a, b) = (Get(first), Get(second));
        return typeof(T) == typeof(double)
            ? BitConverter.DoubleToInt64Bits(Unsafe.As<T, double>(ref a)) == BitConverter.DoubleToInt64Bits(Unsafe.As<T, double>(ref b))
            : EqualityComparer<T>.Default.Equals(a, b);
    }

    private static string PropertyName(Expression<Func<TrialResult, T>> property) =>
        property.Body is MemberExpression { Member: System.Reflection.PropertyInfo member } && member.DeclaringType == typeof(TrialResult)
            ? member.Name
            : throw new ArgumentException($"A result field is declared by a TrialResult property (r => r.Property), not '{property}'.", nameof(property));
}
