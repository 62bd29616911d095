namespace DropoutSweep.Core.Results.Html;

/// <summary>One line of the run facts table (<c>Data set</c> → <c>spiral 1000×3</c>).</summary>
public sealed record RunFact(string Name, string Value);
