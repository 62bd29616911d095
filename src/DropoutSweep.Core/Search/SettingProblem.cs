namespace DropoutSweep.Core.Search;

/// <summary>
/// One problem with the sweep's settings: the setting's path (<c>Sweep:Space:DropoutRate:Values[2]</c>), the offending
/// value as written (null when there is none) and what is wrong, with the allowed range.
/// </summary>
public sealed record SettingProblem(string Path, string Message, string? Value = null)
{
    /// <summary><c>Sweep:Space:DropoutRate:Values[2] = 1.2: must be in [0, 1)</c>, or <c>Path: Message</c> without a value.</summary>
    public override string ToString() =>
        Path.Length == 0 ? Message
        : Value is null ? $"{Path}: {Message}"
        : $"{Path} = {Value}: {Message}";
}
