using Spectre.Console;

namespace DropoutSweep.Progress;

/// <summary>
/// The progress display of one run, from the sweep's start until it ends: <see cref="ProgressDisplay.Live"/> shows the
/// status block and routes <c>Console.Out</c> (Serilog's console sink) above it; <see cref="ProgressDisplay.Lines"/> checks
/// every second for trials due a line; <see cref="ProgressDisplay.Off"/> does nothing. The structured log file is not touched.
/// </summary>
internal sealed class ProgressView : IAsyncDisposable
{
    private static readonly TimeSpan s_refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_lineCheck = TimeSpan.FromSeconds(1);

    private readonly LiveProgress? _live;
    private readonly ConsoleLines? _lines;
    private readonly TextWriter? _original;
    private readonly CancellationTokenSource? _stop;
    private readonly Task? _ticks;
    private readonly EventHandler? _showCursor;

    private ProgressView(LiveProgress live, ConsoleLines lines, TextWriter original)
    {
        _live = live;
        _lines = lines;
        _original = original;

        // A second Ctrl+C exits at once (Environment.Exit), past the display's own end: give the terminal its cursor back.
        _showCursor = (_, _) => original.Write("\u001b[?25h");
        AppDomain.CurrentDomain.ProcessExit += _showCursor;
    }

    private ProgressView(CancellationTokenSource stop, Task ticks)
    {
        _stop = stop;
        _ticks = ticks;
    }

    private ProgressView()
    {
    }

    /// <summary>
    /// Off for <c>--quiet</c> and <c>--no-progress</c>; Live on a terminal that Spectre.Console finds interactive and able
    /// to take ANSI codes; otherwise Lines.
    /// </summary>
    public static ProgressDisplay Choose(bool quiet, bool noProgress, IAnsiConsole terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        return quiet || noProgress ? ProgressDisplay.Off
            : terminal.Profile.Capabilities is { Ansi: true, Interactive: true } ? ProgressDisplay.Live
            : ProgressDisplay.Lines;
    }

    /// <summary>A Spectre.Console console on standard output as it is now (before the live display takes Console.Out over).</summary>
    public static IAnsiConsole Terminal() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    /// <summary>Starts the display; dispose it when the sweep has ended.</summary>
    public static ProgressView Start(ProgressDisplay display, SweepProgress progress, IAnsiConsole terminal)
    {
        switch (display)
        {
            case ProgressDisplay.Live:
                var live = LiveProgress.Start(terminal, progress, s_refresh);
                var original = Console.Out;
                var lines = new ConsoleLines(live.WriteLine);
                Console.SetOut(lines);

                return new ProgressView(live, lines, original);
            case ProgressDisplay.Lines:
                var stop = new CancellationTokenSource();
                var printer = new ProgressLines(progress, Console.Out, TimeProvider.System);
                return new ProgressView(stop, Tick(printer, stop.Token));
            default:
                return new ProgressView();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            // The block is cleared while log lines still go above it; then Console.Out is the terminal's again.
            await _live.DisposeAsync();
            _lines!.Complete();
            Console.SetOut(_original!);
            AppDomain.CurrentDomain.ProcessExit -= _showCursor;
        }

        if (_stop is not null)
        {
            await _stop.CancelAsync();
            await _ticks!;
            _stop.Dispose();
        }
    }

    private static async Task Tick(ProgressLines printer, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(s_lineCheck);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                printer.Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // The sweep has ended.
        }
    }
}
