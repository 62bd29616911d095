using System.Text.Json;
using DropoutSweep.Core.Results;

namespace DropoutSweep.Core.Scheduling;

/// <summary>
/// <c>rungs.jsonl</c> beside the journal: one JSON line per rung a trial reached before the last (its result there,
/// <see cref="TrialResult.Rung"/> set), appended and forced to disk before <see cref="Append"/> returns. With the
/// journal's final results and the live trials' checkpoints it lets a resumed sweep take every barrier decision again,
/// whatever had become of the trials since. Like the journal, reading tolerates an unfinished last line (a crash mid
/// write), and opening for append cuts it off.
/// </summary>
public sealed class RungJournal : IDisposable
{
    public const string FileName = "rungs.jsonl";

    private readonly FileStream _stream;

    private RungJournal(FileStream stream) => _stream = stream;

    /// <summary>Opens (or creates) the file for appending, after cutting off an unfinished last line.</summary>
    public static RungJournal Open(string outputDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(outputDirectory), FileName);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var (_, goodLength) = Parse(bytes);
            stream.SetLength(goodLength);
            stream.Seek(0, SeekOrigin.End);
            stream.Flush(flushToDisk: true);
            return new RungJournal(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The results at rungs recorded in <paramref name="outputDirectory"/> (none when there is no file), without changing it.</summary>
    public static IReadOnlyList<TrialResult> Read(string outputDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(outputDirectory), FileName);
        return File.Exists(path) ? Parse(File.ReadAllBytes(path)).Results : [];
    }

    /// <summary>Appends one result at a rung as a line, on disk (fsync) when this returns.</summary>
    public void Append(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Rung is null)
        {
            throw new ArgumentException($"Trial {result.TrialId}'s result names no rung.", nameof(result));
        }

        var line = JsonSerializer.SerializeToUtf8Bytes(result, JsonFormats.Compact);
        var record = new byte[line.Length + 1];
        line.CopyTo(record, 0);
        record[^1] = (byte)'\n';
        _stream.Write(record); // one write: a crash leaves at most this line unfinished
        _stream.Flush(flushToDisk: true);
    }

    public void Dispose() => _stream.Dispose();

    // Every whole line; the length of the bytes up to the last whole, readable line.
    private static (IReadOnlyList<TrialResult> Results, long GoodLength) Parse(byte[] bytes)
    {
        var results = new List<TrialResult>();
        var start = 0;
        var goodLength = 0L;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                break; // no line end: cut short by a crash
            }

            var line = bytes.AsSpan(start, end - start);
            if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                TrialResult? result;
                try
                {
                    result = JsonSerializer.Deserialize<TrialResult>(line, JsonFormats.Compact);
                }
                catch (JsonException error)
                {
                    throw new InvalidDataException($"{FileName}: a damaged line at byte {start} ({error.Message}); only the last line can be cut short by a crash. Start again with --restart.", error);
                }

                if (result?.Rung is null)
                {
                    throw new InvalidDataException($"{FileName}: the line at byte {start} is not a trial's result at a rung.");
                }

                results.Add(result);
            }

            start = end + 1;
            goodLength = start;
        }

        return (results, goodLength);
    }
}
