namespace DropoutSweep.Core.Results;

/// <summary>The lines of a stream, read in blocks: each with its byte offset and whether a line end closed it.</summary>
internal static class JournalLines
{
    /// <summary>
    /// Every line of <paramref name="stream"/> from its start (without the <c>\n</c>). A line's bytes are only valid
    /// until the next one is asked for.
    /// </summary>
    public static IEnumerable<(long Offset, ReadOnlyMemory<byte> Line, bool Terminated)> Of(Stream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        var offset = 0L;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                yield return (offset, buffer.AsMemory(start, newline), true);
                offset += newline + 1;
                start += newline + 1;
                continue;
            }

            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                if (end > start)
                {
                    yield return (offset, buffer.AsMemory(start, end - start), false);
                }

                yield break;
            }

            end += read;
        }
    }
}
