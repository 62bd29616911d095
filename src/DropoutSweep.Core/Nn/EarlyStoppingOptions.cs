namespace DropoutSweep.Core.Nn;

/// <summary>
/// The <c>Training:EarlyStopping</c> section, with Keras's documented meaning: a trial stops when <see cref="Metric"/>
/// has not improved on its best by more than <see cref="MinDelta"/> for <see cref="Patience"/> evaluations in a row.
/// Off unless <see cref="Patience"/> is given. A stopped trial is Completed, marked as stopped early, its epochs run
/// being the epoch it stopped at; its metrics are those of that last evaluation (Keras's <c>restore_best_weights=False</c>).
/// </summary>
public sealed record EarlyStoppingOptions
{
    /// <summary>Evaluations without improvement after which the trial stops; null: never stop early.</summary>
    public int? Patience { get; init; }

    public ValidationMetric Metric { get; init; } = ValidationMetric.ValLoss;

    /// <summary>The least change of <see cref="Metric"/> that counts as an improvement.</summary>
    public double MinDelta { get; init; }

    /// <summary>True when trials may stop early.</summary>
    public bool Enabled => Patience is not null;
}
