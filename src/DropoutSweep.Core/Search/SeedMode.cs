namespace DropoutSweep.Core.Search;

/// <summary>How trial seeds are derived from the sweep's <c>Seed</c>.</summary>
public enum SeedMode
{
    /// <summary>
    /// Common random numbers: repeat r of every configuration trains from the same seed, derived from (sweep seed, r),
    /// so configurations are compared on equal terms and their differences come from the hyperparameters.
    /// </summary>
    Shared,

    /// <summary>Every trial has its own seed, derived from (sweep seed, configuration, repeat).</summary>
    PerTrial,
}
