using System.Text;

namespace DropoutSweep.Progress;

/// <summary>
/// A <see cref="TextWriter"/> that hands each complete line to a delegate (without its line end). Set as
/// <c>Console.Out</c> while the live status block is shown, so that the log lines Serilog's console sink writes (and
/// anything else printed) are drawn above the block instead of through it.
/// </summary>
internal sealed class ConsoleLines : TextWriter
{
    private readonly Action<string> _line;
    private readonly StringBuilder _pending = new();
    private readonly object _lock = new();

    public ConsoleLines(Action<string> line)
    {
        _line = line;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
        {
            if (value == '\n')
            {
                var line = _pending.ToString().TrimEnd('\r');
                _pending.Clear();
                _line(line);
            }
            else
            {
                _pending.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var c in value)
            {
                Write(c);
            }
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
        {
            for (var i = index; i < index + count; i++)
            {
                Write(buffer[i]);
            }
        }
    }

    /// <summary>Hands on a last line that has no line end yet.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_pending.Length > 0)
            {
                Write('\n');
            }
        }
    }
}
