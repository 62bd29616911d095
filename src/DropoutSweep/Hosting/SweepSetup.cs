using DropoutSweep.Cluster;
using DropoutSweep.CommandLine;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine;
using DropoutSweep.Engine.Cluster;
using DropoutSweep.Options;

namespace DropoutSweep.Hosting;

/// <summary>
/// Validates everything a run needs before anything is created: the configuration layers, the sweep's settings, the
/// data set, the output folder and what it already holds. Every problem found is reported, each naming its setting.
/// </summary>
internal static class SweepSetup
{
    /// <summary>The validated sweep, or null with one message per problem in <paramref name="problems"/>.</summary>
    public static PreparedSweep? Prepare(RunArguments run, List<string> problems)
    {
        var configuration = SweepConfiguration.Load(run, problems);
        if (configuration is null)
        {
            return null;
        }

        problems.AddRange(AkkaSettings.Problems(configuration.Configuration));
        var cluster = ClusterSetup.ReadCoordinator(configuration.Configuration, problems);
        var reading = configuration.Sweep!;
        problems.AddRange(reading.Problems.Select(p => p.ToString()));
        var options = reading.IsValid ? reading.Options : null;
        var outputName = options?.Name ?? (run.OutputDirectory is null ? null : "");
        var outputDirectory = outputName is null ? null : OutputFolder.Resolve(run.OutputDirectory, outputName);
        if (outputDirectory is not null && OutputFolder.Problem(outputDirectory) is { } folderProblem)
        {
            problems.Add(folderProblem);
        }

        if (outputDirectory is not null && !run.Force && OutputFolder.ForeignFilesProblem(outputDirectory) is { } foreignProblem)
        {
            problems.Add(foreignProblem);
        }

        if (options is null || outputDirectory is null || problems.Count > 0)
        {
            return null;
        }

        options = WithAbsoluteDataPaths(options, configuration.SweepFile, problems);
        if (problems.Count > 0)
        {
            return null;
        }

        var data = LoadData(options, problems);
        if (data is null || problems.Count > 0)
        {
            return null;
        }

        var plan = PlanBuilder.Build(options, data.ContentHash);
        if (cluster.IsCoordinator && options.Scheduler.Enabled
            && CheckpointLimit.Problem(plan, data.Features, data.Classes, data.TrainRows) is { } checkpointProblem)
        {
            problems.Add(checkpointProblem);
            return null;
        }

        // --force over a folder without a plan of ours discards what the sweep would overwrite, as --restart does for our own.
        var discard = run.Restart || (run.Force && !OutputFolder.HoldsPlan(outputDirectory));
        var resume = ResumeCheck.Inspect(outputDirectory, plan, discard, problems);
        if (resume is null)
        {
            return null;
        }

        return new PreparedSweep
        {
            Configuration = configuration,
            Run = new SweepRun
            {
                Plan = resume.Extended ?? plan,
                Data = data,
                OutputDirectory = outputDirectory,
                Parallelism = cluster.CoordinatorOnly ? 0 : run.Parallelism ?? (options.MaxParallelism > 0 ? options.MaxParallelism : Environment.ProcessorCount),
                AlreadyDone = resume.AlreadyDone,
                ReplayNetworks = true,
                RungResults = resume.RungResults,
                Checkpoints = resume.Checkpoints,
            },
            Cluster = cluster,
            FilesToDiscard = resume.FilesToDiscard,
            JournalWarnings = resume.Warnings,
        };
    }

    // A relative data path (every file setting of the data set's kind) is looked up beside the sweep file, then in the
    // current folder, then in the tool's folder (InputPaths), and becomes absolute before the plan is built, so the plan
    // and the journal name the file that was actually read.
    private static SweepOptions WithAbsoluteDataPaths(SweepOptions options, string? sweepFile, List<string> problems)
    {
        var dataset = options.Dataset.WithFiles((setting, path) =>
        {
            if (InputPaths.FindFile(path, sweepFile) is { } found)
            {
                return found;
            }

            // Worded as the data set loader words it, with where it was looked for.
            problems.Add($"Dataset.{setting}: file not found: '{path}' {InputPaths.LookedIn(path, sweepFile)}.");
            return path;
        });
        return options with { Dataset = dataset };
    }

    private static Dataset? LoadData(SweepOptions options, List<string> problems)
    {
        try
        {
            return DatasetLoader.LoadShared(options.Dataset);
        }
        catch (DatasetException ex)
        {
            problems.Add(ex.Message);
            return null;
        }
    }
}
