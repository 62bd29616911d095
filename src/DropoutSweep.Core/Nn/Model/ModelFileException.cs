namespace DropoutSweep.Core.Nn.Model;

/// <summary>A model file or a prediction input that cannot be used; the message names the file, field, row or column.</summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string message)
        : base(message)
    {
    }

    public ModelFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
