using System.Threading.Channels;
using Spectre.Console;

namespace DropoutSweep.Progress;

/// <summary>
/// The status block in a terminal: Spectre.Console's live display of <see cref="ProgressBlock"/>, redrawn a few times a
/// second, with log lines written above it (<see cref="WriteLine"/>). All drawing happens on the display's own loop:
/// Spectre's live display takes its lock and then the console's, while a write from another thread would take them the
/// other way round, so lines are queued and the loop writes them: each goes through Spectre's render hook, which moves the
/// cursor to the block's first row; the line erases the block (ANSI <c>ESC[0J</c>) and is written whole, colours and all;
/// the block is drawn again below it. The block is cleared when the sweep ends, leaving only the log lines.
/// </summary>
internal sealed class LiveProgress : IAsyncDisposable
{
    private const string EraseBelow = "\u001b[0J";

    private readonly IAnsiConsole _console;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Task _display;
    private bool _stopped;

    private LiveProgress(IAnsiConsole console, SweepProgress progress, TimeSpan refresh)
    {
        _console = console;
        _display = console.Live(ProgressBlock.Render(progress.Snapshot()))
            .AutoClear(true)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    WriteQueuedLines();
                    context.UpdateTarget(ProgressBlock.Render(progress.Snapshot()));
                    context.Refresh();
                    try
                    {
                        await _lines.Reader.WaitToReadAsync(_stop.Token).AsTask().WaitAsync(refresh, _stop.Token);
                    }
                    catch (TimeoutException)
                    {
                        // Time to redraw the block.
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopped: the display clears itself.
                    }
                }
            });
    }

    /// <summary>Shows the block on <paramref name="console"/> until disposed, redrawn every <paramref name="refresh"/>.</summary>
    public static LiveProgress Start(IAnsiConsole console, SweepProgress progress, TimeSpan refresh) => new(console, progress, refresh);

    /// <summary>Writes <paramref name="line"/> (with any colour codes it carries) above the block; after the block is gone, directly.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                Write(line);
                return;
            }

            _lines.Writer.TryWrite(line);
        }
    }

    /// <summary>Stops and clears the block, then writes the lines still queued.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _display;
        lock (_gate)
        {
            _stopped = true;
            WriteQueuedLines();
        }

        _stop.Dispose();
    }

    private void WriteQueuedLines()
    {
        while (_lines.Reader.TryRead(out var line))
        {
            Write(line);
        }
    }

    private void Write(string line) => _console.Write(new ControlCode(EraseBelow + line + "\n"));
}
