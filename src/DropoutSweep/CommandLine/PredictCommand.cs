using System.CommandLine;
using System.Globalization;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Results;
using DropoutSweep.Hosting;

namespace DropoutSweep.CommandLine;

/// <summary>
/// <c>dropout-sweep predict --model FILE --data CSV [--out FILE]</c>: applies a saved network (best-model.json, or
/// <c>replay --save-model</c>'s file) to every row of a CSV whose header names the model's feature columns
/// (<see cref="CsvPredictions"/>): one output row per input row with <c>row</c>, <c>predicted</c> (the label as in the
/// training data), <c>actual</c> when the input has the model's label column (which is then not read as a feature),
/// and one probability column per class. Prints the accuracy when the label column is there. Bad input exits 2 and
/// writes nothing.
/// </summary>
internal sealed class PredictCommand
{
    private readonly Option<string> _model = new("--model")
    {
        Description = "The model file: a sweep's best-model.json, or one written by `replay --save-model`.",
        HelpName = "FILE",
        Required = true,
    };

    private readonly Option<string> _data = new("--data")
    {
        Description = "A CSV with a header row naming the model's feature columns (in any order; other columns are ignored).",
        HelpName = "CSV",
        Required = true,
    };

    private readonly Option<string> _out = new("--out")
    {
        Description = "Write the predictions to this CSV file [default: standard output].",
        HelpName = "FILE",
    };

    public PredictCommand()
    {
        Command = new Command(
            "predict",
            "Predict the class of every row of a CSV with a saved network: row, predicted, actual (when the CSV has the label column; the accuracy is then printed), one probability per class.\n" +
            "Exit codes: 0 done, 2 invalid arguments or input (nothing written).")
        {
            _model,
            _data,
            _out,
        };
        Command.SetAction(result => Run(result.GetValue(_model)!, result.GetValue(_data)!, result.GetValue(_out), Console.Out, Console.Error));
    }

    /// <summary>The <c>predict</c> command.</summary>
    public Command Command { get; }

    /// <summary>Predicts <paramref name="dataPath"/> with the model in <paramref name="modelPath"/>; returns the exit code.</summary>
    public static int Run(string modelPath, string dataPath, string? outPath, TextWriter output, TextWriter messages)
    {
        var outFile = outPath is null ? null : Path.GetFullPath(outPath);
        if (outFile is not null && OutProblem(outPath!, outFile, dataPath) is { } problem)
        {
            return Problems.Report([problem]);
        }

        ModelPredictor predictor;
        try
        {
            var model = ModelFile.Read(modelPath);
            if (outFile is null)
            {
                predictor = CsvPredictions.Write(model, dataPath, output);
                output.Flush();
            }
            else
            {
                // Whole or not at all: a row that cannot be read leaves no half-written file.
                ModelPredictor? written = null;
                AtomicFile.Write(outFile, stream =>
                {
                    using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
                    written = CsvPredictions.Write(model, dataPath, writer);
                });
                predictor = written!;
            }
        }
        catch (ModelFileException error)
        {
            return Problems.Report([error.Message]);
        }

        // With the predictions on standard output, the summary goes to standard error so that the CSV stays clean.
        var summary = outFile is null ? messages : output;
        var where = outFile is null ? string.Empty : $" to {outFile}";
        summary.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Predicted {predictor.Rows} row{(predictor.Rows == 1 ? string.Empty : "s")}{where}."));
        if (predictor.Accuracy is { } accuracy)
        {
            summary.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {accuracy:0.0000} ({predictor.Correct} of {predictor.Rows} rows match the label column)"));
        }

        return ExitCodes.Completed;
    }

    // The output file: its folder must exist, and an existing file is replaced only when it is an earlier prediction.
    private static string? OutProblem(string path, string file, string dataPath)
    {
        if (Directory.Exists(file))
        {
            return $"--out = '{path}': is a folder; give the file to write, e.g. {Path.Combine(path, "predictions.csv")}.";
        }

        if (!Directory.Exists(Path.GetDirectoryName(file)))
        {
            return $"--out = '{path}': the folder '{Path.GetDirectoryName(file)}' does not exist.";
        }

        if (file == Path.GetFullPath(dataPath))
        {
            return $"--out = '{path}': is the input (--data); give another file.";
        }

        return File.Exists(file) && !IsPrediction(file)
            ? $"--out = '{path}': the file exists and is not an earlier prediction (its header does not start with row,predicted); it is never overwritten. Give another file."
            : null;
    }

    private static bool IsPrediction(string file)
    {
        using var reader = new StreamReader(file);
        return reader.ReadLine()?.StartsWith("row,predicted,", StringComparison.Ordinal) == true;
    }
}
