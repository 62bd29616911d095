namespace DropoutSweep.Progress;

/// <summary>How a running sweep shows the progress of its trials on the console (<see cref="ProgressView"/> chooses).</summary>
internal enum ProgressDisplay
{
    /// <summary>None: <c>--quiet</c> or <c>--no-progress</c>.</summary>
    Off,

    /// <summary>A terminal: a status block updated in place below the log lines (Spectre.Console's live display).</summary>
    Live,

    /// <summary>Not a terminal (a pipe, a file, CI): plain lines, at most one per running trial every 30 s, no control codes.</summary>
    Lines,
}
