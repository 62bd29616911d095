using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn;
using DropoutSweep.Core.Scheduling;

namespace DropoutSweep.Core.Search;

/// <summary>The sweep file's <c>Sweep</c> section, after reading and validation.</summary>
public sealed record SweepOptions
{
    public string Name { get; init; } = "sweep";

    public SearchStrategy Strategy { get; init; } = SearchStrategy.Grid;

    /// <summary>Seed from which every trial seed (and, for Random, every draw) is derived.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Shared (default): repeat r of every configuration uses one seed; PerTrial: every trial its own.</summary>
    public SeedMode Seeds { get; init; } = SeedMode.Shared;

    /// <summary>Seeds trained per configuration; the ranking uses their mean.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Local workers; 0 means one per core.</summary>
    public int MaxParallelism { get; init; }

    /// <summary>Random strategy: number of configurations drawn.</summary>
    public int? Trials { get; init; }

    /// <summary>Upper bound on the plan's size (configurations × repeats).</summary>
    public int MaxTrials { get; init; } = 100_000;

    /// <summary>Attempts for a trial that throws before it is recorded as Failed.</summary>
    public int MaxAttempts { get; init; } = 2;

    /// <summary>Optional wall-time limit per trial; a trial past it is cancelled and recorded TimedOut.</summary>
    public TimeSpan? TrialTimeout { get; init; }

    public DatasetOptions Dataset { get; init; } = new();

    public TrainingOptions Training { get; init; } = new();

    /// <summary>Whether and how the coordinator prunes configurations in rungs (successive halving, Hyperband).</summary>
    public SchedulerOptions Scheduler { get; init; } = new();

    public IReadOnlyList<SweptParameter> Space { get; init; } = [];
}
