namespace DropoutSweep.CommandLine;

/// <summary>What the <c>run</c> command was asked to do, as typed (paths not yet resolved).</summary>
internal sealed record RunArguments
{
    /// <summary><c>--config FILE</c>: the sweep file that replaces <c>DefaultSweep</c>; null means the default.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--out DIR</c>, relative to the current folder; null means <c>results/&lt;Sweep:Name&gt;</c>.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary><c>--parallelism N</c> (N ≥ 1); null means <c>Sweep:MaxParallelism</c>.</summary>
    public int? Parallelism { get; init; }

    /// <summary><c>--dry-run</c>: validate and show the plan, run nothing, create nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary><c>--restart</c>: discard the results of a different plan of ours found in the output folder.</summary>
    public bool Restart { get; init; }

    /// <summary><c>--force</c>: overwrite files the sweep writes (results.csv, ...) found in an output folder that holds no plan of ours.</summary>
    public bool Force { get; init; }

    /// <summary><c>--quiet</c>: only warnings and errors on the console (the log file is unchanged), no progress display.</summary>
    public bool Quiet { get; init; }

    /// <summary><c>--no-progress</c>: the log lines only, without the live status block or progress lines.</summary>
    public bool NoProgress { get; init; }

    /// <summary>Configuration overrides such as <c>--Sweep:Training:Epochs=500</c>, as key/value pairs in command-line order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Overrides { get; init; } = [];
}
