using DropoutSweep.Cluster;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;

namespace DropoutSweep.Hosting;

/// <summary>A sweep whose every input has been validated: nothing has been created yet, everything needed to run is here.</summary>
internal sealed record PreparedSweep
{
    public required SweepConfiguration Configuration { get; init; }

    public required SweepPlan Plan { get; init; }

    public required Dataset Data { get; init; }

    /// <summary>Absolute path of the output folder (it may not exist yet).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Local workers: <c>--parallelism</c>, else <c>Sweep:MaxParallelism</c>, where 0 means one per core.</summary>
    public required int Parallelism { get; init; }

    /// <summary>The <c>Cluster</c> section: with <c>Cluster:Listen</c> set, this run is a cluster's coordinator.</summary>
    public ClusterSection Cluster { get; init; } = new();

    /// <summary>Trials finished by an earlier run of the same plan into the same folder, read back from its journal.</summary>
    public IReadOnlyList<TrialResult> AlreadyDone { get; init; } = [];

    /// <summary>Files of another plan to delete before the run starts (<c>--restart</c>); empty otherwise.</summary>
    public IReadOnlyList<string> FilesToDiscard { get; init; } = [];

    /// <summary>Journal lines that could not be read back (a crash mid-write), reported when the run starts.</summary>
    public IReadOnlyList<string> JournalWarnings { get; init; } = [];
}
