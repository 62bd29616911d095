namespace DropoutSweep.Core.Results;

/// <summary>
/// A file of the output folder could not be written. The message names the file the tool was writing (never a temporary
/// name) and gives the system's own words: <c>cannot write /out/plan.json: No space left on device</c>. The I/O error
/// itself is the inner exception.
/// </summary>
public sealed class OutputFileException : IOException
{
    public OutputFileException(string path, Exception error)
        : base($"cannot write {path}: {SystemMessage(error)}", error)
    {
        ArgumentNullException.ThrowIfNull(path);
        FilePath = path;
    }

    /// <summary>The file that could not be written.</summary>
    public string FilePath { get; }

    /// <summary>The system's message of <paramref name="error"/>, without the <c> : '/path'</c> that .NET appends to it.</summary>
    public static string SystemMessage(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var path = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return path > 0 && message.EndsWith('\'') ? message[..path] : message;
    }
}
