namespace DropoutSweep.Hosting;

/// <summary>The process exit codes that users and scripts rely on (issue 3).</summary>
internal static class ExitCodes
{
    /// <summary>The sweep completed, even if some trials failed or diverged: the report lists them.</summary>
    public const int Completed = 0;

    /// <summary>A bug or an unexpected environment failure.</summary>
    public const int InternalError = 1;

    /// <summary>Invalid configuration or arguments; nothing was run and nothing in the output folder changed.</summary>
    public const int InvalidInput = 2;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT, the shell convention); a partial report was written.</summary>
    public const int Interrupted = 130;
}
