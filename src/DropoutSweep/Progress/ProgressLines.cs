using System.Globalization;

namespace DropoutSweep.Progress;

/// <summary>
/// Progress where output is not a terminal (a pipe, a file, CI): plain text, no control codes, and at most one line per
/// running trial every <see cref="Every"/>, so that a long trial shows it is alive without flooding the output. A trial's
/// first line comes <see cref="Every"/> after it started. <see cref="Tick"/> is called every second or so; time comes from
/// the given <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ProgressLines
{
    /// <summary>The least time between two lines of one trial.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    private readonly SweepProgress _progress;
    private readonly TextWriter _output;
    private readonly TimeProvider _clock;
    private readonly Dictionary<int, TimeSpan> _lastLine = new();

    public ProgressLines(SweepProgress progress, TextWriter output, TimeProvider clock)
    {
        _progress = progress;
        _output = output;
        _clock = clock;
    }

    /// <summary>Writes a line for each running trial whose last line (or start) is at least <see cref="Every"/> ago.</summary>
    public void Tick()
    {
        var snapshot = _progress.Snapshot();
        var running = snapshot.Running.Select(t => t.TrialId).ToHashSet();
        foreach (var gone in _lastLine.Keys.Where(id => !running.Contains(id)).ToList())
        {
            _lastLine.Remove(gone);
        }

        foreach (var trial in snapshot.Running)
        {
            var last = _lastLine.GetValueOrDefault(trial.TrialId, TimeSpan.Zero);
            if (trial.Running - last < Every)
            {
                continue;
            }

            _lastLine[trial.TrialId] = trial.Running;
            var accuracy = ProgressBlock.Accuracy(trial.ValidationAccuracy);
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{_clock.GetLocalNow():HH:mm:ss} Trial {trial.TrialId}/{snapshot.Total} ({trial.Worker}): epoch {trial.Epoch}/{trial.Epochs}, val_acc {accuracy}, running {ProgressBlock.Duration(trial.Running)}; sweep {snapshot.Finished}/{snapshot.Total} trials done"));
        }
    }
}
