namespace DropoutSweep.Core.Search;

/// <summary>One entry of the sweep's <c>Space</c>: a <c>Training</c> setting name and its range, in file order.</summary>
public sealed record SweptParameter(string Name, ParameterRange Range);
