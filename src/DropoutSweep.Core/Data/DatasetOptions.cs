namespace DropoutSweep.Core.Data;

/// <summary>The sweep file's <c>Dataset</c> section. Every trial of a sweep sees the same data and the same split.</summary>
public sealed record DatasetOptions
{
    public DatasetKind Kind { get; init; } = DatasetKind.Spiral;

    /// <summary>Spiral: points per class.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Spiral: number of classes (arms).</summary>
    public int Classes { get; init; } = 3;

    /// <summary>Fraction of each class held out for validation after a seeded shuffle (a stratified split).</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>Spiral only: generate a second, separate spiral of this many points per class for validation (as the book does).</summary>
    public int? ValidationSamples { get; init; }

    /// <summary>Seed of the data and of their split; separate from the trial seeds.</summary>
    public ulong Seed { get; init; }

    /// <summary>CSV: path of the file (resolved to an absolute path before the plan is built).</summary>
    public string? Path { get; init; }

    /// <summary>CSV: name of the label column; null means the last column.</summary>
    public string? Label { get; init; }

    /// <summary>CSV: standardise features with the mean and standard deviation of the training part.</summary>
    public bool Standardize { get; init; } = true;
}
