using DropoutSweep.Cluster;
using DropoutSweep.Engine;

namespace DropoutSweep.Hosting;

/// <summary>A sweep whose every input has been validated: nothing has been created yet, everything needed to run is here.</summary>
internal sealed record PreparedSweep
{
    public required SweepConfiguration Configuration { get; init; }

    /// <summary>
    /// What the engine runs: the plan, the data, the absolute output folder (it may not exist yet), the local workers
    /// (<c>--parallelism</c>, else <c>Sweep:MaxParallelism</c>, where 0 means one per core; none with
    /// <c>--coordinator-only</c>) and the trials an earlier run of the same plan into the same folder finished.
    /// </summary>
    public required SweepRun Run { get; init; }

    /// <summary>The <c>Cluster</c> section: with <c>Cluster:Listen</c> set, this run is a cluster's coordinator.</summary>
    public ClusterSection Cluster { get; init; } = new();

    /// <summary>Files to delete before the run starts (<c>--restart</c>, or <c>--force</c> over files of no plan of ours); empty otherwise.</summary>
    public IReadOnlyList<string> FilesToDiscard { get; init; } = [];

    /// <summary>Journal lines that could not be read back (a crash mid-write), reported when the run starts.</summary>
    public IReadOnlyList<string> JournalWarnings { get; init; } = [];
}
