using System.Text.Json;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>trials.jsonl</c> in the output folder: one JSON line per finished trial (any status), appended and forced to
/// disk before <see cref="Append"/> returns, so a trial counted is a trial kept. Reading back tolerates what a crash
/// can leave — an unfinished last line — by reporting and dropping it; opening for append also cuts it off the file.
/// A bad line before the last is not a crash's doing and is an error. A trial journaled twice keeps its first
/// result, except that a Cancelled result gives way to a later result of the same trial (it was run again on resume).
/// </summary>
public sealed class TrialJournal : IDisposable
{
    public const string FileName = "trials.jsonl";

    private readonly FileStream _stream;
    private readonly object _gate = new();

    private TrialJournal(FileStream stream, string path, JournalContents recovered)
    {
        _stream = stream;
        Path = path;
        Recovered = recovered;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>What the file held when it was opened (with warnings about a dropped last line or duplicate trials).</summary>
    public JournalContents Recovered { get; }

    /// <summary>
    /// Opens (or creates) the journal of <paramref name="outputDirectory"/> for appending, after reading it back and
    /// cutting off an unfinished last line. Throws <see cref="TrialJournalException"/> for a corrupt line before the last.
    /// </summary>
    public static TrialJournal Open(string outputDirectory)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(outputDirectory), FileName);
        // Unbuffered: each record goes to the system in one write, so a failed write (a full disk) leaves nothing behind
        // for Dispose to retry and fail on again.
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var (contents, goodLength) = Parse(path, bytes);
            if (goodLength < bytes.Length)
            {
                stream.SetLength(goodLength);
            }

            // A last record that parsed but lost its line end still needs one before the next record.
            if (goodLength > 0 && bytes[goodLength - 1] != (byte)'\n')
            {
                stream.Seek(goodLength, SeekOrigin.Begin);
                stream.WriteByte((byte)'\n');
            }

            stream.Seek(0, SeekOrigin.End);
            stream.Flush(flushToDisk: true);
            return new TrialJournal(stream, path, contents);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the journal of <paramref name="outputDirectory"/> without changing it; empty when there is none.</summary>
    public static JournalContents Read(string outputDirectory)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(outputDirectory), FileName);
        return File.Exists(path) ? Parse(path, File.ReadAllBytes(path)).Contents : JournalContents.Empty;
    }

    /// <summary>Appends one result as a line and flushes it to disk (fsync) before returning.</summary>
    public void Append(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = JsonSerializer.SerializeToUtf8Bytes(result, JsonFormats.Compact);
        var record = new byte[line.Length + 1];
        line.CopyTo(record, 0);
        record[^1] = (byte)'\n';
        lock (_gate)
        {
            // One write of the whole record: a crash leaves at most this one line unfinished.
            _stream.Write(record);
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
        }
    }

    /// <summary>The results of the journal's bytes and the length of its trustworthy prefix.</summary>
    private static (JournalContents Contents, long GoodLength) Parse(string path, byte[] bytes)
    {
        var results = new List<TrialResult>();
        var warnings = new List<string>();
        var kept = new Dictionary<int, (int Line, int Index)>();
        var fileName = System.IO.Path.GetFileName(path);
        var start = 0;
        var lineNumber = 0;
        var goodLength = 0L;
        while (start < bytes.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var isLast = end < 0 || !HasContentAfter(bytes, end + 1);
            var lineEnd = end < 0 ? bytes.Length : end;
            var line = bytes.AsSpan(start, lineEnd - start);
            var next = end < 0 ? bytes.Length : end + 1;
            if (IsBlank(line))
            {
                start = next;
                goodLength = next;
                continue;
            }

            TrialResult? result;
            string? problem;
            try
            {
                result = JsonSerializer.Deserialize<TrialResult>(line, JsonFormats.Compact);
                problem = result is null ? "the line is null, not a trial result" : null;
            }
            catch (JsonException error)
            {
                result = null;
                problem = error.Message;
            }

            if (result is null)
            {
                if (!isLast)
                {
                    throw new TrialJournalException($"{path} line {lineNumber}: not a trial result ({problem}); only the last line can be cut short by a crash, so the journal cannot be trusted. Remove the line or start again with --restart.");
                }

                warnings.Add($"{fileName} line {lineNumber}: unfinished last line ({line.Length} bytes, left by an interrupted write) ignored; it is cut off before the next append.");
                break;
            }

            if (!kept.TryGetValue(result.TrialId, out var first))
            {
                kept[result.TrialId] = (lineNumber, results.Count);
                results.Add(result);
            }
            else if (results[first.Index].Status == TrialStatus.Cancelled && result.Status != TrialStatus.Cancelled)
            {
                // A cancelled trial is run again on resume: its later result replaces the cancellation.
                kept[result.TrialId] = (lineNumber, first.Index);
                results[first.Index] = result;
            }
            // Cancelled twice (interrupted twice) keeps the first quietly; anything else repeated is worth a word.
            else if (results[first.Index].Status != TrialStatus.Cancelled)
            {
                warnings.Add($"{fileName} line {lineNumber}: trial {result.TrialId} again; kept the first result (line {first.Line}).");
            }

            start = next;
            goodLength = next;
        }

        return (new JournalContents(results, warnings), goodLength);
    }

    private static bool HasContentAfter(byte[] bytes, int from) => !IsBlank(bytes.AsSpan(from));

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;
}
