namespace DropoutSweep.Core.Data;

/// <summary>A data set that cannot be used, with the place that says why (e.g. <c>digits.csv line 17 column 5: 'abc' is not a number</c>).</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
