namespace DropoutSweep.Core.Settings;

/// <summary>The shape of a <see cref="SectionRule"/>, so that walkers (a JSON Schema's <c>if</c>/<c>then</c>) can express it.</summary>
public enum RuleKind
{
    /// <summary>The setting must be set when the condition holds.</summary>
    RequiredWhen,

    /// <summary>Exactly one of the settings must be set when the condition holds.</summary>
    ExactlyOneWhen,

    /// <summary>The setting may be set only when the condition holds.</summary>
    OnlyWhen,

    /// <summary>The settings go together when the condition holds: all set or none.</summary>
    TogetherWhen,

    /// <summary>Any other rule, described in words (<c>Min must be &lt;= Max</c>).</summary>
    Custom,
}
