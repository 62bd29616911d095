using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Search;
using DropoutSweep.Engine;
using DropoutSweep.Hosting;

namespace DropoutSweep.CommandLine;

/// <summary>
/// <c>dropout-sweep replay --out DIR --trial N [--save-model FILE]</c>: trains trial N of the sweep in DIR again from
/// its plan.json (<see cref="TrialReplay"/>: the same settings, seed and code as the worker that trained it) and compares
/// every reproducible result field and every learning-curve value with the journal's, bit for bit. Prints
/// <c>identical</c> and exits 0, or names each difference and exits 1; bad input (no sweep there, no such trial, a
/// trial that did not finish, data that changed) exits 2 with nothing written. <c>--save-model</c> writes the
/// replayed network (<see cref="ModelFile"/>).
/// </summary>
internal sealed class ReplayCommand
{
    /// <summary>The replay differs from the journal.</summary>
    public const int Differs = 1;

    private readonly Option<string> _out = new("--out")
    {
        Description = "The output folder of the sweep (it holds plan.json and trials.jsonl).",
        HelpName = "DIR",
        Required = true,
    };

    private readonly Option<int> _trial = new("--trial")
    {
        Description = "The trial's number, as in results.csv (from 1).",
        HelpName = "N",
        Required = true,
    };

    private readonly Option<string> _saveModel = new("--save-model")
    {
        Description = "Also write the replayed network as a model file for `predict` (layers, weights, label mapping, feature scaling).",
        HelpName = "FILE",
    };

    public ReplayCommand()
    {
        Command = new Command(
            "replay",
            "Train one trial of a finished sweep again from its plan.json and compare every metric and its learning curve with the journal, bit for bit (same build, same machine); a pruned trial to the end of the rung that stopped it.\n" +
            "Exit codes: 0 identical, 1 different (each difference is named), 2 invalid arguments (nothing written).")
        {
            _out,
            _trial,
            _saveModel,
        };
        Command.SetAction(result => Run(result.GetValue(_out)!, result.GetValue(_trial), result.GetValue(_saveModel), Console.Out));
    }

    /// <summary>The <c>replay</c> command.</summary>
    public Command Command { get; }

    /// <summary>Replays trial <paramref name="trialId"/> of the sweep in <paramref name="outputDirectory"/>; returns the exit code.</summary>
    public static int Run(string outputDirectory, int trialId, string? modelPath, TextWriter output)
    {
        var problems = new List<string>();
        var input = Inputs(outputDirectory, trialId, modelPath, problems);
        if (input is null)
        {
            return Problems.Report(problems);
        }

        var (plan, spec, journaled, curve, data, modelFile) = input.Value;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replaying trial {spec.TrialId} (configuration {spec.Configuration}, repeat {spec.Repeat}, seed {spec.Seed}) of sweep {plan.Options.Name} on {data.Name}..."));
        var clock = Stopwatch.StartNew();
        var replayed = TrialReplay.Run(data, plan, spec, prunedAfterEpoch: journaled.Status == TrialStatus.Pruned ? journaled.EpochsRun : null);
        var differences = ReplayComparison.Differences(journaled, curve, replayed.Result, replayed.Curve);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Trained {replayed.Result.EpochsRun} epochs{(journaled.Status == TrialStatus.Pruned ? $" (to the end of rung {journaled.Rung}, which pruned it)" : string.Empty)} in {clock.Elapsed.TotalSeconds:0.00} s."));
        if (modelFile is not null && replayed.Model is { } model)
        {
            ModelFile.Write(modelFile, model);
            output.WriteLine($"Wrote the network ({string.Join(" → ", model.LayerSizes)}, classes {string.Join(", ", model.ClassNames.Take(10))}{(model.Classes > 10 ? ", …" : string.Empty)}) to {modelFile}.");
        }

        if (differences.Count == 0)
        {
            var fields = ResultFields.All.Count(field => field.Reproducible);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"identical: all {fields} result fields and the {curve.Count} evaluations of the learning curve equal the journal's, bit for bit"));
            return ExitCodes.Completed;
        }

        output.WriteLine($"differs from the journal ({differences.Count} difference{(differences.Count == 1 ? string.Empty : "s")}):");
        foreach (var difference in differences)
        {
            output.WriteLine($"  {difference}");
        }

        output.WriteLine("A replay is bit-identical only with the same build of the tool on the same kind of machine (the plan names the version that wrote it).");
        return Differs;
    }

    private static (SweepPlan Plan, TrialSpec Spec, TrialResult Journaled, LearningCurve Curve, Dataset Data, string? ModelFile)? Inputs(
        string outputDirectory, int trialId, string? modelPath, List<string> problems)
    {
        var folder = Path.GetFullPath(outputDirectory);
        var planFile = Path.Combine(folder, PlanFile.FileName);
        if (!File.Exists(planFile))
        {
            problems.Add($"--out = '{outputDirectory}': {(Directory.Exists(folder) ? $"holds no {PlanFile.FileName}" : "no such folder")}; give the output folder of a sweep.");
            return null;
        }

        StoredPlan stored;
        try
        {
            stored = PlanFile.Read(planFile);
        }
        catch (Exception error) when (error is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"--out = '{outputDirectory}': {error.Message}");
            return null;
        }

        if (stored.Plan is not { } plan)
        {
            problems.Add($"--out = '{outputDirectory}': {PlanFile.FileName} was written by version {stored.ToolVersion} and cannot be read by this one ({stored.PlanError}).");
            return null;
        }

        var spec = plan.Trial(trialId);
        if (spec is null)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--trial = {trialId}: the sweep has trials 1 to {plan.Trials.Count}."));
            return null;
        }

        JournalContents journal;
        try
        {
            journal = TrialJournal.Read(folder);
        }
        catch (Exception error) when (error is TrialJournalException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"--out = '{outputDirectory}': {error.Message}");
            return null;
        }

        var journaled = journal.Results.FirstOrDefault(result => result.TrialId == trialId);
        if (journaled is null)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--trial = {trialId}: the trial has not finished (it is not in {TrialJournal.FileName}); there is nothing to compare with."));
            return null;
        }

        if (journaled.Status is not (TrialStatus.Completed or TrialStatus.Diverged or TrialStatus.Pruned))
        {
            var why = string.IsNullOrEmpty(journaled.Reason) ? string.Empty : $" ({journaled.Reason})";
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--trial = {trialId}: the trial ended {journaled.Status}{why}; only a trial that trained to its end (Completed or Diverged) or to the rung that pruned it can be compared."));
            return null;
        }

        var modelFile = modelPath is null ? null : ModelPath(modelPath, journaled, problems);
        if (problems.Count > 0)
        {
            return null;
        }

        Dataset data;
        try
        {
            data = DatasetLoader.Load(plan.Options.Dataset);
        }
        catch (DatasetException error)
        {
            problems.Add($"the sweep's data cannot be read: {error.Message}");
            return null;
        }

        // The journal holds what this data trained: a changed file would differ for that reason alone.
        var recorded = plan.Fingerprint.GetValueOrDefault(DataHashKey);
        if (recorded is not null && recorded != PlanFingerprint.Of(plan.Options, data.ContentHash).GetValueOrDefault(DataHashKey))
        {
            problems.Add($"the sweep's data have changed since it ran: {data.Name} has sha256 {data.ContentHash}, the plan recorded {recorded}.");
            return null;
        }

        var curve = TrialJournal.ReadCurves(folder, plan.Trials.Count).FirstOrDefault(entry => entry.TrialId == trialId).Curve ?? LearningCurve.Empty;
        return (plan, spec, journaled, curve, data, modelFile);
    }

    private const string DataHashKey = "Dataset.ContentSha256";

    // The model file's full path; an existing file is replaced only when it is a model file itself.
    private static string? ModelPath(string path, TrialResult journaled, List<string> problems)
    {
        var file = Path.GetFullPath(path);
        if (journaled.Status == TrialStatus.Pruned)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--save-model = '{path}': trial {journaled.TrialId} was pruned at rung {journaled.Rung} after {journaled.EpochsRun} epochs; only a trial trained to its last epoch is saved as a model."));
        }
        else if (journaled.Status != TrialStatus.Completed)
        {
            problems.Add($"--save-model = '{path}': trial {journaled.TrialId} {journaled.Status} ({journaled.Reason}); its network has non-finite weights and cannot be saved.");
        }
        else if (Directory.Exists(file))
        {
            problems.Add($"--save-model = '{path}': is a folder; give the file to write, e.g. {Path.Combine(path, "model.json")}.");
        }
        else if (!Directory.Exists(Path.GetDirectoryName(file)))
        {
            problems.Add($"--save-model = '{path}': the folder '{Path.GetDirectoryName(file)}' does not exist.");
        }
        else if (File.Exists(file) && !IsModelFile(file))
        {
            problems.Add($"--save-model = '{path}': the file exists and is not a model file; it is never overwritten. Give another file.");
        }

        return file;
    }

    private static bool IsModelFile(string file)
    {
        try
        {
            ModelFile.Read(file);
            return true;
        }
        catch (ModelFileException)
        {
            return false;
        }
    }
}
