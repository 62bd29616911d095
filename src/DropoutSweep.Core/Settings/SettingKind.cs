namespace DropoutSweep.Core.Settings;

/// <summary>What a setting's value is, as a sweep file writes it (and as a JSON Schema would type it).</summary>
public enum SettingKind
{
    /// <summary>A finite number: a JSON number, or its text from an override.</summary>
    Number,

    /// <summary>A whole number; <c>1e3</c> and <c>100.0</c> are accepted.</summary>
    WholeNumber,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>Free text.</summary>
    Text,

    /// <summary>One of <see cref="SettingType.Choices"/>, case-insensitive.</summary>
    Enum,

    /// <summary>A whole number in [0, 18446744073709551615]; a JSON number or a string of digits.</summary>
    Seed,

    /// <summary><c>30</c> (seconds), <c>30s</c>, <c>5m</c>, <c>500ms</c>, <c>2h</c> or <c>00:00:30</c>; see <see cref="DurationText"/>.</summary>
    Duration,

    /// <summary>A list of layer widths (whole numbers), such as <c>[256, 128]</c>.</summary>
    LayerList,

    /// <summary>A file path, relative to the current folder (then the executable's).</summary>
    FilePath,

    /// <summary>A list of values of the swept setting's kind: a <c>Space</c> entry's <c>Values</c>.</summary>
    ValueList,
}
