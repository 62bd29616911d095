using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DropoutSweep.Core.Settings;

/// <summary>
/// The JSON Schema (draft-07) of a sweep file, generated from the catalogue (<see cref="SweepSettings.Section"/>), so that
/// editors complete and check sweep files by the same declarations the reader uses: every setting's type, choices,
/// range (open or closed bounds), default and description; unknown keys refused; a <c>Space</c> entry for each sweepable
/// setting, typed by it; and the section rules JSON Schema can state (<c>if Kind is Csv then Path is required</c>).
/// The product reads keys and enum names ignoring case; the schema asks for the catalogue's spelling. Rules that compare
/// values (<c>Min &lt;= Max</c>) or count the plan stay with the reader.
/// </summary>
public static class SweepSchema
{
    /// <summary>The file name the schema is written under (in <c>config/</c>, and beside a sweep file that <c>init</c> writes).</summary>
    public const string FileName = "sweep.schema.json";

    private const string Draft = "http://json-schema.org/draft-07/schema#";

    // Durations as DurationText reads them: 30, 30s, 5m, 500ms, 2h, 00:05:00 (units ignore case).
    private const string DurationPattern = @"^\s*([0-9]+(\.[0-9]+)?\s*([mM][sS]|[sSmMhH])?|([0-9]+\.)?[0-9]+:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)\s*$";

    private static readonly JsonSerializerOptions s_text = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema as indented JSON text with a final newline: what <c>dropout-sweep schema</c> prints.</summary>
    public static string Text() => Build().ToJsonString(s_text).ReplaceLineEndings("\n") + "\n";

    /// <summary>The schema of a whole sweep file.</summary>
    public static JsonObject Build()
    {
        var section = SweepSettings.Section;
        return new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = "DropoutSweep sweep file",
            ["description"] = "A sweep for dropout-sweep: its Sweep section (" + section.Description.TrimEnd('.') + "), and optionally host settings for this sweep.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["$schema"] = new JsonObject
                {
                    ["type"] = "string",
                    ["description"] = "The JSON Schema this file follows, for editors (completion and checks); dropout-sweep ignores it.",
                },
                [section.Name] = SectionSchema(section),
                ["Serilog"] = HostSection("Serilog", "Logging for this sweep, laid over appsettings.json's Serilog section (levels, sinks)."),
                ["Akka"] = HostSection("Akka", "Akka.NET settings for this sweep, laid over appsettings.json's Akka section."),
                ["Cluster"] = HostSection("Cluster", "Cluster settings for this sweep (Listen, Join, Tls, ...), laid over appsettings.json's Cluster section."),
            },
            ["required"] = new JsonArray(section.Name),
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject HostSection(string name, string description) => new()
    {
        ["type"] = "object",
        ["description"] = $"{description} The README lists the {name} settings.",
    };

    private static JsonObject SectionSchema(Section section)
    {
        var properties = new JsonObject();
        foreach (var setting in section.Settings)
        {
            properties[setting.Name] = SettingSchema(setting);
        }

        foreach (var nested in section.Sections)
        {
            properties[nested.Name] = nested is SpaceSection space ? SpaceSchema(space) : SectionSchema(nested);
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["description"] = section.Description,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        var rules = section.Rules.Select(RuleSchema).OfType<JsonNode>().ToList();
        if (section == SweepSettings.Section)
        {
            rules.Add(GridRangesNeedCount(SweepSettings.Space));
        }

        if (rules.Count > 0)
        {
            schema["allOf"] = new JsonArray([.. rules]);
        }

        return schema;
    }

    private static JsonObject SettingSchema(Setting setting)
    {
        var schema = ValueSchema(setting.Type, setting.Range);
        if (setting.Type.IsNullable)
        {
            AllowNull(schema);
        }

        var description = setting.Description;
        if (setting.Range is { } range && setting.Kind != SettingKind.LayerList)
        {
            description += $" It {range.Message}.";
        }

        if (setting.AppliesWhen is { } when)
        {
            description += $" Used only for {when}.";
        }

        schema["description"] = description + $" Default: {setting.DefaultText}.";
        if (DefaultJson(setting.DefaultValue) is { } value)
        {
            schema["default"] = value;
        }

        return schema;
    }

    /// <summary>The schema of one value of <paramref name="type"/> within <paramref name="range"/>.</summary>
    private static JsonObject ValueSchema(SettingType type, ValueRange? range)
    {
        var schema = type.Kind switch
        {
            SettingKind.Number => new JsonObject { ["type"] = "number" },
            SettingKind.WholeNumber => new JsonObject { ["type"] = "integer" },
            SettingKind.Bool => new JsonObject { ["type"] = "boolean" },
            SettingKind.Text or SettingKind.FilePath => new JsonObject { ["type"] = "string" },
            SettingKind.Enum => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. type.Choices.Select(c => (JsonNode)c)]) },
            SettingKind.Seed => new JsonObject
            {
                ["type"] = new JsonArray("integer", "string"),
                ["minimum"] = 0,
                ["maximum"] = ulong.MaxValue,
                ["pattern"] = "^[0-9]+$",
            },
            SettingKind.Duration => new JsonObject { ["type"] = new JsonArray("number", "string"), ["pattern"] = DurationPattern },
            SettingKind.LayerList => LayerListSchema(range),
            _ => throw new NotSupportedException($"No schema for a {type.Kind} value outside a Space entry."),
        };
        if (type.Pattern is { } pattern)
        {
            schema["pattern"] = pattern;
        }

        if (range is not null && type.Kind != SettingKind.LayerList)
        {
            AddBounds(schema, range);
        }

        return schema;
    }

    private static JsonObject LayerListSchema(ValueRange? width) => new()
    {
        ["type"] = "array",
        ["minItems"] = 1,
        ["items"] = AddBounds(new JsonObject { ["type"] = "integer" }, width ?? ValueRange.WholeAtLeast(1, "layer width must be >= 1")),
    };

    private static JsonObject AddBounds(JsonObject schema, ValueRange range)
    {
        if (range.Minimum is { } minimum)
        {
            schema[range.MinimumExclusive ? "exclusiveMinimum" : "minimum"] = Number(minimum);
        }

        if (range.Maximum is { } maximum)
        {
            schema[range.MaximumExclusive ? "exclusiveMaximum" : "maximum"] = Number(maximum);
        }

        return schema;
    }

    /// <summary>The <c>Space</c>: one optional entry per sweepable setting, its values and bounds typed by that setting.</summary>
    private static JsonObject SpaceSchema(SpaceSection space)
    {
        var properties = new JsonObject();
        foreach (var setting in space.Sweepable)
        {
            properties[setting.Name] = setting.IsLayerList ? LayerEntrySchema(space, setting) : NumberEntrySchema(space, setting);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = space.Description,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject LayerEntrySchema(SpaceSection space, Setting setting) => new()
    {
        ["type"] = "object",
        ["description"] = $"Sweep {setting.Name}: {setting.Description} Give Values, a list of layer lists such as [[64], [512], [256, 128]].",
        ["properties"] = new JsonObject
        {
            [RangeSettings.Values.Name] = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = LayerListSchema(setting.Range),
                ["description"] = RangeSettings.Values.Description,
            },
        },
        ["required"] = new JsonArray(RangeSettings.Values.Name),
        ["additionalProperties"] = false,
    };

    private static JsonObject NumberEntrySchema(SpaceSection space, Setting setting)
    {
        var entry = space.Entry;
        var number = new JsonObject { ["type"] = "number" };
        if (setting.Range is { } range)
        {
            AddBounds(number, range);
        }

        var properties = new JsonObject();
        foreach (var bound in entry.Settings)
        {
            var schema = bound == RangeSettings.Values
                ? new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = number.DeepClone() }
                : bound == RangeSettings.Min || bound == RangeSettings.Max ? (JsonObject)number.DeepClone()
                : ValueSchema(bound.Type, bound.Range);
            if (bound.Type.IsNullable && bound != RangeSettings.Values)
            {
                AllowNull(schema);
            }

            schema["description"] = bound.Description + (bound.DefaultValue is null ? "" : $" Default: {bound.DefaultText}.");
            properties[bound.Name] = schema;
        }

        var values = RangeSettings.Values.Name;
        var min = RangeSettings.Min.Name;
        var max = RangeSettings.Max.Name;
        var count = RangeSettings.Count.Name;
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"Sweep {setting.Name}: {setting.Description}" + (setting.Range is { } r ? $" Each value, Min and Max {r.Message}." : "")
                + " Give Values, or Min and Max (with Scale, and Count for a grid).",
            ["properties"] = properties,
            ["additionalProperties"] = false,
            ["oneOf"] = new JsonArray(
                new JsonObject { ["required"] = new JsonArray(values), ["not"] = new JsonObject { ["anyOf"] = new JsonArray(Required(min), Required(max), Required(count)) } },
                new JsonObject { ["required"] = new JsonArray(min, max), ["not"] = Required(values) }),
            // Scale Log needs Min > 0.
            ["if"] = new JsonObject
            {
                ["properties"] = new JsonObject { [RangeSettings.Scale.Name] = new JsonObject { ["const"] = nameof(Search.RangeScale.Log) } },
                ["required"] = new JsonArray(RangeSettings.Scale.Name),
            },
            ["then"] = new JsonObject { ["properties"] = new JsonObject { [min] = new JsonObject { ["exclusiveMinimum"] = 0 } } },
        };
    }

    // A grid (the default strategy) needs Count for every range; a random sweep draws from it instead.
    private static JsonObject GridRangesNeedCount(SpaceSection space) => new()
    {
        ["if"] = Holds(SweepSettings.Strategy, [nameof(Search.SearchStrategy.Random)]),
        ["else"] = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                [space.Name] = new JsonObject
                {
                    ["properties"] = new JsonObject([.. space.Sweepable.Where(s => !s.IsLayerList).Select(s => KeyValuePair.Create(s.Name, (JsonNode?)new JsonObject
                    {
                        ["if"] = Required(RangeSettings.Min.Name),
                        ["then"] = Required(RangeSettings.Count.Name),
                    }))]),
                },
            },
        },
    };

    /// <summary>A section rule as <c>if</c>/<c>then</c>/<c>else</c>; null for a rule described only in words.</summary>
    private static JsonObject? RuleSchema(SectionRule rule)
    {
        if (rule.When is not { } when)
        {
            return null;
        }

        var names = rule.Settings.Select(s => s.Name).ToArray();
        var condition = Holds(when.Setting, when.Values);
        return rule.Kind switch
        {
            RuleKind.RequiredWhen => new JsonObject { ["if"] = condition, ["then"] = IsSet(names[0]) },
            RuleKind.ExactlyOneWhen => new JsonObject { ["if"] = condition, ["then"] = new JsonObject { ["oneOf"] = new JsonArray(IsSet(names[0]), IsSet(names[1])) } },
            RuleKind.OnlyWhen => new JsonObject
            {
                ["if"] = condition,
                ["else"] = new JsonObject { ["properties"] = new JsonObject { [names[0]] = new JsonObject { ["type"] = "null" } } },
            },
            RuleKind.TogetherWhen => new JsonObject
            {
                ["if"] = condition,
                ["then"] = new JsonObject
                {
                    ["anyOf"] = new JsonArray(
                        new JsonObject { ["allOf"] = new JsonArray(IsSet(names[0]), IsSet(names[1])) },
                        new JsonObject { ["not"] = new JsonObject { ["anyOf"] = new JsonArray(IsSet(names[0]), IsSet(names[1])) } }),
                },
            },
            _ => null,
        };
    }

    // "Kind is Csv": the key has one of the values, or is absent when its default is one of them.
    private static JsonObject Holds(Setting setting, IReadOnlyList<string> values)
    {
        var schema = new JsonObject
        {
            ["properties"] = new JsonObject { [setting.Name] = new JsonObject { ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) } },
        };
        if (!values.Contains(setting.DefaultValue?.ToString()))
        {
            schema["required"] = new JsonArray(setting.Name);
        }

        return schema;
    }

    // Set: present and not null (null leaves a setting unset, as the reader treats it).
    private static JsonObject IsSet(string name) => new()
    {
        ["required"] = new JsonArray(name),
        ["properties"] = new JsonObject { [name] = new JsonObject { ["not"] = new JsonObject { ["type"] = "null" } } },
    };

    private static JsonObject Required(string name) => new() { ["required"] = new JsonArray(name) };

    private static void AllowNull(JsonObject schema)
    {
        if (schema["type"] is JsonArray types)
        {
            types.Add("null");
        }
        else if (schema["type"] is JsonValue type)
        {
            schema["type"] = new JsonArray(type.GetValue<string>(), "null");
        }

        if (schema["enum"] is JsonArray choices)
        {
            choices.Add(null);
        }
    }

    /// <summary>A setting's default as a JSON value; null when it has none (unset, or derived from another setting).</summary>
    private static JsonNode? DefaultJson(object? value) => value switch
    {
        null => null,
        double number => Number(number),
        int whole => whole,
        bool flag => flag,
        string text => text,
        ulong seed => seed < 1UL << 53 ? (JsonNode)seed : seed.ToString(CultureInfo.InvariantCulture),
        TimeSpan duration => DurationText.Format(duration),
        Enum choice => choice.ToString(),
        IEnumerable list => new JsonArray([.. list.Cast<object>().Select(DefaultJson)]),
        _ => throw new NotSupportedException($"No JSON default for a {value.GetType().Name}."),
    };

    // Whole numbers as integers (2147483647, not 2147483647.0), others round-trippable.
    private static JsonNode Number(double value) =>
        Math.Floor(value) == value && Math.Abs(value) < 1e15 ? (JsonNode)(long)value : value;
}
