namespace DropoutSweep.Core.Results;

/// <summary>How a <see cref="ResultField"/>'s value is written in the report files and the journal.</summary>
public enum ResultFormat
{
    /// <summary>A whole number (<c>int</c>, or <c>int?</c> where null means "does not apply": an empty CSV cell, JSON <c>null</c>).</summary>
    Integer,

    /// <summary>A <c>double</c> written so that it reads back exactly (<c>"R"</c>); NaN and ±Infinity as <c>NaN</c>/<c>Infinity</c> (strings in JSON).</summary>
    Metric,

    /// <summary>A <c>double</c> of seconds, rounded to the millisecond in the report files (exact in the journal).</summary>
    Seconds,

    /// <summary>A <c>string</c>; null is an empty CSV cell and JSON <c>null</c>.</summary>
    Text,

    /// <summary>A <see cref="TrialStatus"/>, by name.</summary>
    Status,

    /// <summary>A <c>bool</c>: <c>true</c>/<c>false</c>.</summary>
    Flag,

    /// <summary>A <c>ulong</c> seed: decimal digits, and a JSON string, because JSON numbers above 2^53 do not survive JavaScript or jq.</summary>
    Seed,
}
