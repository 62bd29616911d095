using System.Buffers;
using System.Text.Json;

namespace DropoutSweep.Core.Results;

/// <summary>
/// <c>trials.jsonl</c> in the output folder: one JSON line per finished trial (any status), appended and forced to
/// disk before <see cref="Append"/> (or, for a group of lines, <see cref="Commit"/>) returns, so a trial counted is a trial kept. A line holds the result's fields under
/// their <see cref="ResultField.JournalKey"/>s and, when the trial was evaluated, its learning curve under
/// <c>"curve"</c>. Reading back tolerates what a crash can leave — an unfinished last line — by reporting and dropping
/// it; opening for append also cuts it off the file. A bad line before the last is not a crash's doing and is an
/// error. A trial journaled twice keeps its first result, except that a Cancelled result gives way to a later result
/// of the same trial (it was run again on resume). Files are read as streams, so a journal of 100,000 trials is never
/// held in memory whole, and the curves are read only by <see cref="ReadCurves"/>.
/// </summary>
public sealed class TrialJournal : IDisposable
{
    public const string FileName = "trials.jsonl";

    /// <summary>The key of a line's learning curve.</summary>
    public const string CurveKey = "curve";

    private static readonly (TrialStatus Status, byte[] Name)[] StatusNames =
        Enum.GetValues<TrialStatus>().Select(status => (status, System.Text.Encoding.UTF8.GetBytes(status.ToString()))).ToArray();

    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _line = new();
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
        var path = PathIn(outputDirectory);

        // Unbuffered: each record goes to the system in one write, so a failed write (a full disk) leaves nothing behind
        // for Dispose to retry and fail on again.
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var scan = Scan(stream, path, readResults: true);
            if (scan.GoodLength < stream.Length)
            {
                stream.SetLength(scan.GoodLength);
            }

            // A last record that parsed but lost its line end still needs one before the next record.
            if (scan.GoodLength > 0)
            {
                stream.Seek(scan.GoodLength - 1, SeekOrigin.Begin);
                if (stream.ReadByte() != '\n')
                {
                    stream.WriteByte((byte)'\n');
                }
            }

            stream.Seek(0, SeekOrigin.End);
            stream.Flush(flushToDisk: true);
            return new TrialJournal(stream, path, scan.Contents);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the results in the journal of <paramref name="outputDirectory"/> without changing it; empty when there is none. Curves are left on disk (<see cref="ReadCurves"/>).</summary>
    public static JournalContents Read(string outputDirectory)
    {
        var path = PathIn(outputDirectory);
        if (!File.Exists(path))
        {
            return JournalContents.Empty;
        }

        using var stream = OpenForReading(path);
        return Scan(stream, path, readResults: true).Contents;
    }

    /// <summary>
    /// The learning curve of every trial in the journal of <paramref name="outputDirectory"/> (of the line <see cref="Read"/>
    /// keeps for it; empty when it has none), in trial number order, read one at a time. <paramref name="expectedTrials"/>
    /// sizes the index of lines up front (a sweep of 100,000 trials would otherwise regrow it on the large-object heap).
    /// </summary>
    public static IEnumerable<(int TrialId, LearningCurve Curve)> ReadCurves(string outputDirectory, int expectedTrials = 0)
    {
        var path = PathIn(outputDirectory);
        if (!File.Exists(path))
        {
            yield break;
        }

        using var stream = OpenForReading(path);
        var kept = Scan(stream, path, readResults: false, expectedTrials).Kept;
        kept.Sort((a, b) => a.TrialId.CompareTo(b.TrialId));
        var buffer = new byte[4096];
        foreach (var line in kept)
        {
            if (buffer.Length < line.Length)
            {
                buffer = new byte[Math.Max(line.Length, buffer.Length * 2)];
            }

            stream.Seek(line.Offset, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, line.Length);
            yield return (line.TrialId, CurveOf(buffer.AsSpan(0, line.Length)));
        }
    }

    /// <summary>Appends one result, with its learning curve, as a line and flushes it to disk (fsync) before returning.</summary>
    public void Append(TrialResult result, LearningCurve? curve = null)
    {
        lock (_gate)
        {
            Write(result, curve);
            Commit();
        }
    }

    /// <summary>
    /// Appends one result, with its learning curve, as a line, without waiting for the disk: it is durable only after the
    /// next <see cref="Commit"/>. One fsync then covers every line written since (a group commit), so a busy sweep is
    /// not held to one fsync per trial; a crash before it loses only lines nobody has counted yet.
    /// </summary>
    public void Write(TrialResult result, LearningCurve? curve = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            _line.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_line, JsonFormats.CompactWriter))
            {
                WriteRecord(json, result, curve);
            }

            _line.Write("\n"u8);

            // One write of the whole record: a crash leaves at most the last line unfinished.
            _stream.Write(_line.WrittenSpan);
        }
    }

    /// <summary>Forces every line written so far to disk (fsync).</summary>
    public void Commit()
    {
        lock (_gate)
        {
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

    /// <summary>One journal record: the result's properties (named by <see cref="ResultFields"/>), then its curve unless empty.</summary>
    internal static void WriteRecord(Utf8JsonWriter json, TrialResult result, LearningCurve? curve)
    {
        var options = JsonFormats.Compact;
        json.WriteStartObject();
        foreach (var property in options.GetTypeInfo(typeof(TrialResult)).Properties)
        {
            json.WritePropertyName(property.Name);
            JsonSerializer.Serialize(json, property.Get!(result), property.PropertyType, options);
        }

        if (curve is { Count: > 0 })
        {
            json.WritePropertyName(CurveKey);
            JsonSerializer.Serialize(json, curve, options);
        }

        json.WriteEndObject();
    }

    private static string PathIn(string outputDirectory) => System.IO.Path.Combine(System.IO.Path.GetFullPath(outputDirectory), FileName);

    private static FileStream OpenForReading(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>
    /// Reads the journal line by line: the results kept (<paramref name="readResults"/>: whole results, else only where
    /// each kept line is), the warnings, and the length of the trustworthy prefix.
    /// </summary>
    private static Scanned Scan(Stream stream, string path, bool readResults, int expectedTrials = 0)
    {
        var results = new List<TrialResult>(readResults ? expectedTrials : 0);
        var lines = new List<KeptLine>(expectedTrials);
        var warnings = new List<string>();
        var kept = new Dictionary<int, (int Line, int Index)>(expectedTrials);
        var fileName = System.IO.Path.GetFileName(path);
        var lineNumber = 0;
        var goodLength = 0L;
        (int Number, int Length, string Problem)? unfinished = null;
        foreach (var (offset, memory, terminated) in JournalLines.Of(stream))
        {
            lineNumber++;
            var line = memory.Span;
            if (IsBlank(line))
            {
                if (unfinished is null)
                {
                    goodLength = offset + line.Length + (terminated ? 1 : 0);
                }

                continue;
            }

            if (unfinished is { } bad)
            {
                throw new TrialJournalException($"{path} line {bad.Number}: not a trial result ({bad.Problem}); only the last line can be cut short by a crash, so the journal cannot be trusted. Remove the line or start again with --restart.");
            }

            var (result, trialId, status, problem) = readResults ? ReadResult(line) : ReadKey(line);
            if (problem is not null)
            {
                // Kept back: it is a crash's unfinished last line unless another line follows.
                unfinished = (lineNumber, line.Length, problem);
                continue;
            }

            if (!kept.TryGetValue(trialId, out var first))
            {
                kept[trialId] = (lineNumber, lines.Count);
                lines.Add(new KeptLine(trialId, status, offset, line.Length));
                if (result is not null)
                {
                    results.Add(result);
                }
            }
            else if (lines[first.Index].Status == TrialStatus.Cancelled && status != TrialStatus.Cancelled)
            {
                // A cancelled trial is run again on resume: its later result replaces the cancellation.
                kept[trialId] = (lineNumber, first.Index);
                lines[first.Index] = new KeptLine(trialId, status, offset, line.Length);
                if (result is not null)
                {
                    results[first.Index] = result;
                }
            }
            // Cancelled twice (interrupted twice) keeps the first quietly; anything else repeated is worth a word.
            else if (lines[first.Index].Status != TrialStatus.Cancelled)
            {
                warnings.Add($"{fileName} line {lineNumber}: trial {trialId} again; kept the first result (line {first.Line}).");
            }

            goodLength = offset + line.Length + (terminated ? 1 : 0);
        }

        if (unfinished is { } last)
        {
            warnings.Add($"{fileName} line {last.Number}: unfinished last line ({last.Length} bytes, left by an interrupted write) ignored; it is cut off before the next append.");
        }

        return new Scanned(new JournalContents(results, warnings), goodLength, lines);
    }

    private static (TrialResult? Result, int TrialId, TrialStatus Status, string? Problem) ReadResult(ReadOnlySpan<byte> line)
    {
        try
        {
            var result = JsonSerializer.Deserialize<TrialResult>(line, JsonFormats.Compact);
            return result is null ? (null, 0, default, "the line is null, not a trial result") : (result, result.TrialId, result.Status, null);
        }
        catch (JsonException error)
        {
            return (null, 0, default, error.Message);
        }
    }

    /// <summary>A line's trial number and status only (the line is still read through, so a torn line is noticed).</summary>
    private static (TrialResult? Result, int TrialId, TrialStatus Status, string? Problem) ReadKey(ReadOnlySpan<byte> line)
    {
        var trialKey = ResultFields.Trial.JournalKey;
        var statusKey = ResultFields.Status.JournalKey;
        int? trialId = null;
        TrialStatus? status = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, 0, default, "not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTrial = reader.ValueTextEquals(trialKey);
                var isStatus = reader.ValueTextEquals(statusKey);
                reader.Read();
                if (isTrial)
                {
                    trialId = reader.GetInt32();
                }
                else if (isStatus)
                {
                    status = StatusOf(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return (null, 0, default, "the line does not end where its object does");
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return (null, 0, default, error.Message);
        }

        return trialId is { } id && status is { } known ? (null, id, known, null) : (null, 0, default, $"no \"{trialKey}\" or \"{statusKey}\"");
    }

    // Compared in place: no string per line when 100,000 lines are scanned for curves.csv.
    private static TrialStatus StatusOf(ref Utf8JsonReader reader)
    {
        foreach (var (status, name) in StatusNames)
        {
            if (reader.ValueTextEquals(name))
            {
                return status;
            }
        }

        throw new FormatException($"\"{reader.GetString()}\" is not a trial status.");
    }

    private static LearningCurve CurveOf(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCurve = reader.ValueTextEquals(CurveKey);
            reader.Read();
            if (isCurve)
            {
                return JsonSerializer.Deserialize<LearningCurve>(ref reader, JsonFormats.Compact) ?? LearningCurve.Empty;
            }

            reader.Skip();
        }

        return LearningCurve.Empty;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    /// <summary>Where the line kept for a trial is in the file.</summary>
    private readonly record struct KeptLine(int TrialId, TrialStatus Status, long Offset, int Length);

    private sealed record Scanned(JournalContents Contents, long GoodLength, List<KeptLine> Kept);
}
