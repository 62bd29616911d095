using System.Reflection;
using DropoutSweep.Core.Scheduling;

namespace DropoutSweep.Core.Results;

/// <summary>The facts about a sweep run that the report files need beyond the plan and the results.</summary>
public sealed record SweepSummary
{
    /// <summary>When this run started (a resumed sweep: when the resuming run started).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the report was written.</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>False when the run stopped before every trial finished (interrupted); the report is then marked INCOMPLETE.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>Trials read back from the journal of an earlier run rather than run now (not counted in trials per minute).</summary>
    public int ResumedTrials { get; init; }

    /// <summary>Workers that trained trials (local parallelism, or the sum over a cluster's nodes).</summary>
    public int Parallelism { get; init; }

    /// <summary>The data set's <c>Dataset.Name</c>, e.g. <c>spiral 1000×3</c>.</summary>
    public string? DatasetName { get; init; }

    /// <summary>The data set's <c>Dataset.ContentHash</c>.</summary>
    public string? DatasetHash { get; init; }

    /// <summary>With a scheduler: every barrier decision so far (replayed ones of an earlier run included), in the order taken.</summary>
    public IReadOnlyList<RungDecision> RungDecisions { get; init; } = [];

    /// <summary>The workers' time this run and how much of it they waited for work; null when not measured (an interrupted run).</summary>
    public WorkerTime? WorkerTime { get; init; }

    /// <summary>The class labels by class number (a CSV's label mapping: <c>setosa → 0</c>, ...); null when unknown.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    public string ToolVersion { get; init; } = CurrentToolVersion;

    public string Machine { get; init; } = Environment.MachineName;

    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>The version of this build (the assembly's informational version, e.g. <c>0.1.0+abc1234</c>).</summary>
    public static string CurrentToolVersion { get; } =
        typeof(SweepSummary).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SweepSummary).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Wall time of this run.</summary>
    public TimeSpan Elapsed => FinishedAt - StartedAt;

    /// <summary>Trials finished by this run per minute of its wall time (resumed trials excluded); 0 for an instant run.</summary>
    public double TrialsPerMinute(int finishedTrials) =>
        Elapsed.TotalMinutes > 0 ? Math.Max(0, finishedTrials - ResumedTrials) / Elapsed.TotalMinutes : 0;
}
