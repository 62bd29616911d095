using System.Text.Json;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// A sweep run once by the executable for a test class to read (a class fixture): the sweep file and any data file are
/// copied from TestData/EndToEnd into a scratch folder, which is the process's working folder and is deleted afterwards.
/// </summary>
public abstract class FinishedSweep : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly ScratchFolder _folder = new();
    private readonly string _sweepFile;
    private readonly string[] _dataFiles;

    protected FinishedSweep(string sweepFile, params string[] dataFiles)
    {
        _sweepFile = sweepFile;
        _dataFiles = dataFiles;
    }

    /// <summary>The process's working folder.</summary>
    public string Folder => _folder.Path;

    /// <summary>The sweep's output folder.</summary>
    public string Output => _folder["out"];

    /// <summary>What the sweep printed.</summary>
    public string Console { get; private set; } = string.Empty;

    /// <summary>A file of the output folder.</summary>
    public string File(string name) => Path.Combine(Output, name);

    /// <summary>results.json, parsed.</summary>
    public JsonElement ResultsJson() => JsonDocument.Parse(System.IO.File.ReadAllBytes(File("results.json"))).RootElement.Clone();

    /// <summary>curves.csv as rows of column → text.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Curves()
    {
        var lines = System.IO.File.ReadAllLines(File("curves.csv"));
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => (IReadOnlyDictionary<string, string>)header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToArray();
    }

    /// <summary>Runs the executable with <paramref name="args"/> in the working folder.</summary>
    internal Task<SweepProcess> RunAsync(params string[] args) => SweepProcess.RunAsync(Folder, s_timeout, args);

    public async ValueTask InitializeAsync()
    {
        foreach (var file in _dataFiles.Append(_sweepFile))
        {
            System.IO.File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "EndToEnd", file), _folder[file]);
        }

        using var process = await RunAsync("--config", _sweepFile, "--out", "out", "--parallelism", "2");
        Assert.True(process.ExitCode == 0, process.ToString());
        Console = process.Output;
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>report-spiral.json: 2 dropout rates × 2 L2 × 2 repeats on the spiral.</summary>
public sealed class SpiralReportSweep() : FinishedSweep("report-spiral.json");

/// <summary>iris.json: 2 trials on iris.csv.</summary>
public sealed class IrisSweep() : FinishedSweep("iris.json", "iris.csv");

/// <summary>report-halving.json: successive halving over 3 dropout rates × 3 L2 × 2 repeats on the spiral.</summary>
public sealed class HalvingReportSweep() : FinishedSweep("report-halving.json");
