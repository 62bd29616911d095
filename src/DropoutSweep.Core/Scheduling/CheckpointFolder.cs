using System.Globalization;
using System.Text.Json;
using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// <c>checkpoints/</c> beside the journal: one file per live trial, <c>trial-17.json</c>, holding its latest
/// <see cref="TrialCheckpoint"/> (the state as base64). Each is written atomically (<see cref="AtomicFile"/>), replaced
/// when the trial reaches its next rung, and deleted once the trial's final result is journaled. A file that cannot be
/// read back is left out (with a warning): the trial then trains again from an earlier state, to the same result.
/// </summary>
public static class CheckpointFolder
{
    public const string FolderName = "checkpoints";

    private const string Prefix = "trial-";
    private const string Extension = ".json";

    /// <summary>The checkpoint file of trial <paramref name="trialId"/>.</summary>
    public static string PathOf(string outputDirectory, int trialId) =>
        Path.Combine(outputDirectory, FolderName, Prefix + trialId.ToString(CultureInfo.InvariantCulture) + Extension);

    /// <summary>Writes (or replaces) the trial's checkpoint; on disk when this returns. I/O errors come as <see cref="OutputFileException"/>.</summary>
    public static void Write(string outputDirectory, TrialCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var path = PathOf(outputDirectory, checkpoint.TrialId);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException(path, error);
        }

        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, checkpoint, JsonFormats.Compact));
    }

    /// <summary>Deletes the trial's checkpoint, if it has one.</summary>
    public static void Delete(string outputDirectory, int trialId)
    {
        var path = PathOf(outputDirectory, trialId);
        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException(path, error);
        }
    }

    /// <summary>Every checkpoint in the folder that reads back, and a warning for each that does not.</summary>
    public static (IReadOnlyList<TrialCheckpoint> Checkpoints, IReadOnlyList<string> Warnings) Read(string outputDirectory)
    {
        var checkpoints = new List<TrialCheckpoint>();
        var warnings = new List<string>();
        foreach (var file in Files(outputDirectory))
        {
            try
            {
                var checkpoint = JsonSerializer.Deserialize<TrialCheckpoint>(File.ReadAllBytes(file), JsonFormats.Compact);
                if (checkpoint is null || PathOf(outputDirectory, checkpoint.TrialId) != file)
                {
                    throw new JsonException("not the checkpoint of the trial its name gives");
                }

                checkpoints.Add(checkpoint);
            }
            catch (JsonException error)
            {
                warnings.Add($"{Path.Combine(FolderName, Path.GetFileName(file))}: {error.Message}; that trial trains again from an earlier state.");
            }
        }

        return (checkpoints, warnings);
    }

    /// <summary>The checkpoint files of the folder (ours by name: <c>trial-N.json</c>), in trial order.</summary>
    public static IReadOnlyList<string> Files(string outputDirectory)
    {
        var folder = Path.Combine(outputDirectory, FolderName);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, Prefix + "*" + Extension)
            .Select(file => (File: file, Id: int.TryParse(Path.GetFileNameWithoutExtension(file)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null))
            .Where(f => f.Id is not null)
            .OrderBy(f => f.Id)
            .Select(f => f.File)];
    }
}
