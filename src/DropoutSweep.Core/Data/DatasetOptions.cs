using DropoutSweep.Core.Settings;

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

    /// <summary>
    /// Standardise features with the mean and standard deviation of the training part; null takes the kind's default,
    /// <see cref="EffectiveStandardize"/>.
    /// </summary>
    public bool? Standardize { get; init; }

    /// <summary>IDX: the training images (<c>train-images-idx3-ubyte</c>, raw or <c>.gz</c>); the validation part is taken from them.</summary>
    public string? Images { get; init; }

    /// <summary>IDX: the training labels (<c>train-labels-idx1-ubyte</c>, raw or <c>.gz</c>), one per image.</summary>
    public string? Labels { get; init; }

    /// <summary>IDX, optional: the official test images, evaluated once per trial and never used for ranking.</summary>
    public string? TestImages { get; init; }

    /// <summary>IDX, optional: the official test labels; set together with <see cref="TestImages"/>.</summary>
    public string? TestLabels { get; init; }

    /// <summary>
    /// Whether features are standardised: <see cref="Standardize"/> when set, else on for CSV (features in their own
    /// units) and spirals, off for IDX (pixels are already in [0, 1], and z-scoring a pixel that is almost always 0
    /// blows its rare non-zero values up by thousands).
    /// </summary>
    public bool EffectiveStandardize => Standardize ?? Kind != DatasetKind.Idx;

    /// <summary>
    /// The input files that <see cref="Kind"/> reads, as (setting, path), in catalogue order; unset ones are left out.
    /// They are the catalogue's <see cref="SettingKind.FilePath"/> settings that apply to the kind (<see cref="DatasetSettings"/>).
    /// </summary>
    public IReadOnlyList<(string Setting, string Path)> Files() =>
        [.. FileSettings().Where(setting => !string.IsNullOrWhiteSpace(setting.Get(this))).Select(setting => (setting.Name, setting.Get(this)!))];

    /// <summary>These options with every path of <see cref="Files"/> replaced by <paramref name="resolve"/>(setting, path), e.g. made absolute.</summary>
    public DatasetOptions WithFiles(Func<string, string, string> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var options = this;
        foreach (var setting in FileSettings())
        {
            if (setting.Get(this) is { } path && !string.IsNullOrWhiteSpace(path))
            {
                options = setting.Set(options, resolve(setting.Name, path));
            }
        }

        return options;
    }

    private IEnumerable<Setting<DatasetOptions, string?>> FileSettings() =>
        DatasetSettings.Section.Settings.OfType<Setting<DatasetOptions, string?>>().Where(s => s.Kind == SettingKind.FilePath && s.Applies(this));
}
