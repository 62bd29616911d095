namespace DropoutSweep.Core.Data;

/// <summary>Builds the <see cref="Dataset"/> that a sweep's <see cref="DatasetOptions"/> describe.</summary>
public static class DatasetLoader
{
    /// <summary>Generates or reads the data and splits them. Bad files throw <see cref="DatasetException"/> naming file, line and column.</summary>
    public static Dataset Load(DatasetOptions options) =>
        throw new NotImplementedException("CONTRACT STUB: implemented by the Data work");
}
