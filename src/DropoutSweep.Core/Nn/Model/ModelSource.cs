namespace DropoutSweep.Core.Nn.Model;

/// <summary>Which trial of which sweep produced a saved network (all optional: a model may come from elsewhere).</summary>
public sealed record ModelSource
{
    public int? Trial { get; init; }

    public int? Configuration { get; init; }

    public int? Repeat { get; init; }

    /// <summary>The trial's seed as decimal text (exact beyond 2^53, as every file of ours writes seeds).</summary>
    public string? Seed { get; init; }

    public string? PlanHash { get; init; }

    /// <summary>The trial's training settings by sweep-file name (<c>DropoutRate</c> → <c>0.1</c>), as text.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
