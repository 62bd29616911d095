using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using DropoutSweep.CommandLine;
using DropoutSweep.Core.Data;
using DropoutSweep.Core.Results;
using DropoutSweep.Core.Settings;
using DropoutSweep.Hosting;

namespace DropoutSweep.Init;

/// <summary>
/// <c>dropout-sweep init [--csv FILE [--label COLUMN]] [--out sweep.json] [--force]</c>: writes a sweep file for a CSV
/// file (or, without <c>--csv</c>, the spiral starter) and <c>sweep.schema.json</c> beside it, then prints the dry run's
/// estimate of its duration. The label column is the one named, else the only column holding text, else the last column
/// (said so). The data are loaded as <c>run</c> loads them before anything is written, so a file <c>run</c> would refuse
/// is reported instead (exit 2). An existing file is never replaced without <c>--force</c> (exit 2, nothing written).
/// </summary>
internal sealed class InitCommand
{
    private const int ClassesListed = 10;

    private readonly Option<string> _csv = new("--csv")
    {
        Description = "The data: a CSV file with a header row, numeric feature columns and a label column; without it, the spiral starter.",
        HelpName = "FILE",
    };

    private readonly Option<string> _label = new("--label")
    {
        Description = "The column that holds the classes [default: the only column holding text, else the last column].",
        HelpName = "COLUMN",
    };

    private readonly Option<string> _out = new("--out")
    {
        Description = $"The sweep file to write, relative to the current folder; {SweepSchema.FileName} is written beside it [default: sweep.json].",
        HelpName = "FILE",
        DefaultValueFactory = _ => "sweep.json",
    };

    private readonly Option<bool> _force = new("--force")
    {
        Description = "Replace the sweep file (and a different sweep.schema.json) if they exist.",
    };

    public InitCommand()
    {
        Command = new Command(
            "init",
            "Write a sweep file for your data (a small grid over DropoutRate, L2 and LearningRate, sized to the data) and its JSON Schema, " +
            "and estimate how long it runs; then: dropout-sweep run --config sweep.json.\n" +
            "Exit codes: 0 written, 2 invalid arguments, unusable data or an existing file (nothing written).")
        {
            _csv,
            _label,
            _out,
            _force,
        };
    }

    /// <summary>The <c>init</c> command.</summary>
    public Command Command { get; }

    /// <summary>Its arguments, and the handler that writes the files.</summary>
    public ParsedCommandLine Bind(ParseResult result)
    {
        var csv = result.GetValue(_csv);
        var label = result.GetValue(_label);
        var output = result.GetValue(_out) ?? "sweep.json";
        var force = result.GetValue(_force);
        return new ParsedCommandLine(result, []) { Handler = () => Task.FromResult(Run(csv, label, output, force, Console.Out)) };
    }

    /// <summary>Writes the sweep file and its schema and says what they hold; returns the exit code.</summary>
    public static int Run(string? csv, string? label, string output, bool force, TextWriter console)
    {
        var problems = new List<string>();
        var sweepFile = Path.GetFullPath(output, Environment.CurrentDirectory);
        var schemaFile = Path.Combine(Path.GetDirectoryName(sweepFile)!, SweepSchema.FileName);
        var schema = SweepSchema.Text();
        CheckTargets(output, sweepFile, schemaFile, schema, force, problems);
        if (label is not null && csv is null)
        {
            problems.Add($"--label = '{label}': names a column of the --csv file; give --csv FILE too.");
        }

        var data = csv is null ? null : ReadData(csv, label, sweepFile, problems);
        if (problems.Count > 0)
        {
            return Problems.Report(problems);
        }

        var sweep = data is null ? StarterSweep.Spiral() : StarterSweep.ForCsv(data.Name, data.Path, data.Label, data.ValidationFraction, data.Dataset);
        var schemaWritten = !File.Exists(schemaFile) || File.ReadAllText(schemaFile) != schema;
        try
        {
            if (schemaWritten)
            {
                AtomicFile.WriteAllText(schemaFile, schema);
            }

            AtomicFile.WriteAllText(sweepFile, StarterSweep.Text(sweep));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"dropout-sweep: cannot write {(File.Exists(schemaFile) && !schemaWritten ? sweepFile : schemaFile)}: {error.Message}");
            return ExitCodes.InternalError;
        }

        Describe(console, output, sweep, data);
        console.WriteLine(schemaWritten
            ? $"Wrote {SweepSchema.FileName} beside it: editors that read JSON Schema (VS Code, Rider) complete and check {Path.GetFileName(sweepFile)}."
            : $"{SweepSchema.FileName} beside it is already this version's.");
        return Estimate(console, output, sweepFile, sweep);
    }

    // Nothing is replaced without --force: the sweep file, nor a sweep.schema.json that differs from this version's.
    private static void CheckTargets(string output, string sweepFile, string schemaFile, string schema, bool force, List<string> problems)
    {
        var folder = Path.GetDirectoryName(sweepFile)!;
        if (Directory.Exists(sweepFile))
        {
            problems.Add($"--out = '{output}': is a folder; give the sweep file to write, e.g. {Path.Combine(output, "sweep.json")}.");
        }
        else if (!Directory.Exists(folder))
        {
            problems.Add($"--out = '{output}': the folder '{folder}' does not exist.");
        }
        else if (!force && File.Exists(sweepFile))
        {
            problems.Add($"--out = '{output}': the file exists; give --force to replace it, or another --out.");
        }

        if (!force && File.Exists(schemaFile) && File.ReadAllText(schemaFile) != schema)
        {
            problems.Add($"{schemaFile}: exists and is not this version's schema; give --force to replace it.");
        }
    }

    /// <summary>The CSV file found, its label column chosen (and why), and its data loaded as <c>run</c> will load them.</summary>
    private static CsvData? ReadData(string csv, string? label, string sweepFile, List<string> problems)
    {
        if (InputPaths.FindFile(csv) is not { } path)
        {
            problems.Add($"--csv = '{csv}': file not found {InputPaths.LookedIn(csv)}.");
            return null;
        }

        try
        {
            var columns = CsvColumns.Read(path);
            var (chosen, why) = ChooseLabel(columns, label, csv, problems);
            if (chosen is null)
            {
                return null;
            }

            var fraction = StarterSweep.ValidationFraction(columns.Rows);
            var dataset = DatasetLoader.Load(new DatasetOptions { Kind = DatasetKind.Csv, Path = path, Label = chosen, ValidationFraction = fraction });
            var relative = Path.GetRelativePath(Path.GetDirectoryName(sweepFile)!, path).Replace(Path.DirectorySeparatorChar, '/');
            return new CsvData(StarterSweep.NameFor(path), relative, chosen, why, fraction, columns.Rows, dataset);
        }
        catch (DatasetException error)
        {
            problems.Add($"--csv = '{csv}': {error.Message}");
            return null;
        }
    }

    private static (string? Label, string Why) ChooseLabel(CsvColumns columns, string? label, string csv, List<string> problems)
    {
        if (label is not null)
        {
            if (!columns.Names.Contains(label, StringComparer.Ordinal))
            {
                problems.Add($"--label = '{label}': no such column in '{csv}'; the columns are {string.Join(", ", columns.Names.Take(20))}{(columns.Names.Count > 20 ? ", ..." : "")}.");
                return (null, "");
            }

            return (label, "named by --label");
        }

        return columns.TextColumns.Count switch
        {
            0 => (columns.Names[^1], "the last column: every column holds numbers, so give --label COLUMN if another one holds the classes"),
            1 => (columns.TextColumns[0], "the only column that holds text"),
            _ => Refuse(),
        };

        (string?, string) Refuse()
        {
            problems.Add($"--csv = '{csv}': the columns {string.Join(", ", columns.TextColumns.Select(c => $"'{c}'"))} hold text; name the one that holds the classes with --label COLUMN (every other column must hold numbers).");
            return (null, "");
        }
    }

    private static void Describe(TextWriter console, string output, JsonObject sweep, CsvData? data)
    {
        var settings = sweep[SweepSettings.Root]!;
        var training = settings[TrainingSettings.Section.Name]!;
        var space = settings[SweepSettings.Space.Name]!.AsObject();
        var trials = space.Aggregate(1, (product, entry) => product * entry.Value![RangeSettings.Values.Name]!.AsArray().Count);
        var batch = (int)training[TrainingSettings.BatchSize.Name]!;
        if (data is null)
        {
            console.WriteLine($"Wrote {output}: the spiral starter (nnfs spiral data, 3 classes of 100 points, validated on a separate spiral of 1000 per class).");
        }
        else
        {
            var classes = data.Dataset.ClassNames;
            var listed = string.Join(", ", classes.Take(ClassesListed)) + (classes.Count > ClassesListed ? ", ..." : "");
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {output} for {Path.GetFileName(data.Dataset.Name)}: {data.Rows} rows, {data.Dataset.Features} features, {data.Dataset.Classes} classes ({listed})."));
            console.WriteLine($"  Label column '{data.Label}': {data.Why}.");
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Validation: {data.ValidationFraction:P0} of each class held out ({data.Dataset.ValidationRows} rows); features standardised."));
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Training: Hidden {training[TrainingSettings.Hidden.Name]!.ToJsonString()}, {(int)training[TrainingSettings.Epochs.Name]!} epochs, {(batch == 0 ? "full batch" : $"mini-batches of {batch}")}, Adam."));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Space: {string.Join(" × ", space.Select(e => $"{e.Key} {StarterSweep.Text(e.Value![RangeSettings.Values.Name]!.AsArray()).Trim()}"))} = {trials} trials."));
    }

    // The dry run's own calibrated estimate of the file just written; it also proves that `run` accepts the file.
    private static int Estimate(TextWriter console, string output, string sweepFile, JsonObject sweep)
    {
        var problems = new List<string>();
        var prepared = SweepSetup.Prepare(new RunArguments { ConfigFile = sweepFile, DryRun = true }, problems);
        var name = (string)sweep[SweepSettings.Root]![SweepSettings.Name.Name]!;
        if (prepared is null)
        {
            console.WriteLine($"Before it runs: {string.Join(" ", problems)}");
            return ExitCodes.InvalidInput;
        }

        console.WriteLine(DryRun.Estimate(prepared.Run));
        console.WriteLine($"Next: dropout-sweep run --config {output}   (the report: {Path.Combine(Path.GetRelativePath(Environment.CurrentDirectory, prepared.Run.OutputDirectory), "report.md")})");
        return ExitCodes.Completed;
    }

    private sealed record CsvData(string Name, string Path, string Label, string Why, double ValidationFraction, int Rows, Dataset Dataset);
}
