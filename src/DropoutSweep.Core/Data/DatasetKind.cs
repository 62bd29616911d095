namespace DropoutSweep.Core.Data;

/// <summary>Where a sweep's data come from.</summary>
public enum DatasetKind
{
    /// <summary>The nnfs spiral, generated from <see cref="DatasetOptions.Seed"/>.</summary>
    Spiral,

    /// <summary>A CSV file with a header row, numeric features and a label column.</summary>
    Csv,

    /// <summary>MNIST-style IDX files (images and labels, raw or gzip), such as MNIST and Fashion-MNIST.</summary>
    Idx,
}
