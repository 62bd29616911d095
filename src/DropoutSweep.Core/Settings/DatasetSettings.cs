using DropoutSweep.Core.Data;

namespace DropoutSweep.Core.Settings;

/// <summary>The <c>Sweep:Dataset</c> section: where the data come from and how they are split (<see cref="DatasetOptions"/>).</summary>
public static class DatasetSettings
{
    public static readonly Setting<DatasetOptions, DatasetKind> Kind = new(
        "Kind", "Where the data come from: Spiral (the nnfs generator), Csv (a file) or Idx (MNIST-style image and label files).",
        SettingTypes.Enum<DatasetKind>(), o => o.Kind, (o, v) => o with { Kind = v });

    private static readonly Condition<DatasetOptions> s_spiral = Condition<DatasetOptions>.Is(Kind, DatasetKind.Spiral);
    private static readonly Condition<DatasetOptions> s_csv = Condition<DatasetOptions>.Is(Kind, DatasetKind.Csv);
    private static readonly Condition<DatasetOptions> s_idx = Condition<DatasetOptions>.Is(Kind, DatasetKind.Idx);
    private static readonly Condition<DatasetOptions> s_files = Condition<DatasetOptions>.Is(Kind, DatasetKind.Csv, DatasetKind.Idx);

    public static readonly Setting<DatasetOptions, int> Samples = new(
        "Samples", "Spiral: points per class.",
        SettingTypes.WholeNumber, o => o.Samples, (o, v) => o with { Samples = v })
    {
        Range = ValueRange.AtLeast(2, " (points per class)"),
        AppliesWhen = s_spiral,
    };

    public static readonly Setting<DatasetOptions, int> Classes = new(
        "Classes", "Spiral: number of classes (arms).",
        SettingTypes.WholeNumber, o => o.Classes, (o, v) => o with { Classes = v })
    {
        Range = ValueRange.AtLeast(2),
        AppliesWhen = s_spiral,
    };

    public static readonly Setting<DatasetOptions, double?> ValidationFraction = new(
        "ValidationFraction", "Fraction of each class held out for validation after a seeded shuffle (a stratified split).",
        SettingTypes.OptionalNumber, o => o.ValidationFraction, (o, v) => o with { ValidationFraction = v })
    {
        Range = ValueRange.Between(0, 1),
    };

    public static readonly Setting<DatasetOptions, int?> ValidationSamples = new(
        "ValidationSamples", "Spiral only, instead of ValidationFraction: a separately generated validation spiral of this many points per class (as the book does).",
        SettingTypes.OptionalWholeNumber, o => o.ValidationSamples, (o, v) => o with { ValidationSamples = v })
    {
        Range = ValueRange.AtLeast(2, " (points per class)"),
        AppliesWhen = s_spiral,
    };

    public static readonly Setting<DatasetOptions, ulong> Seed = new(
        "Seed", "Seed of the data and of their split, the same for every trial (separate from the trial seeds).",
        SettingTypes.Seed, o => o.Seed, (o, v) => o with { Seed = v });

    public static readonly Setting<DatasetOptions, string?> Path = new(
        "Path", "Csv: the file (a header row, numeric features and a label column).",
        SettingTypes.FilePath, o => o.Path, (o, v) => o with { Path = v })
    {
        Plan = PlanEffect.FileContent,
        AppliesWhen = s_csv,
    };

    public static readonly Setting<DatasetOptions, string?> Label = new(
        "Label", "Csv: the label column's name (default: the last column); labels are mapped to 0..K-1.",
        SettingTypes.Text, o => o.Label, (o, v) => o with { Label = v })
    {
        AppliesWhen = s_csv,
    };

    public static readonly Setting<DatasetOptions, string?> Images = new(
        "Images", "Idx: the training images (train-images-idx3-ubyte, raw or .gz); the validation part is taken from them.",
        SettingTypes.FilePath, o => o.Images, (o, v) => o with { Images = v })
    {
        Plan = PlanEffect.FileContent,
        AppliesWhen = s_idx,
    };

    public static readonly Setting<DatasetOptions, string?> Labels = new(
        "Labels", "Idx: the training labels (train-labels-idx1-ubyte, raw or .gz), one per image.",
        SettingTypes.FilePath, o => o.Labels, (o, v) => o with { Labels = v })
    {
        Plan = PlanEffect.FileContent,
        AppliesWhen = s_idx,
    };

    public static readonly Setting<DatasetOptions, string?> TestImages = new(
        "TestImages", "Idx, optional: the official test images, evaluated once per trial and never used for ranking.",
        SettingTypes.FilePath, o => o.TestImages, (o, v) => o with { TestImages = v })
    {
        Plan = PlanEffect.FileContent,
        AppliesWhen = s_idx,
    };

    public static readonly Setting<DatasetOptions, string?> TestLabels = new(
        "TestLabels", "Idx, optional: the official test labels, set together with TestImages.",
        SettingTypes.FilePath, o => o.TestLabels, (o, v) => o with { TestLabels = v })
    {
        Plan = PlanEffect.FileContent,
        AppliesWhen = s_idx,
    };

    public static readonly Setting<DatasetOptions, bool?> Standardize = new(
        "Standardize", "Standardise features with the mean and standard deviation of the training part (Idx pixels, already in [0, 1], are not by default).",
        SettingTypes.OptionalBool, o => o.Standardize, (o, v) => o with { Standardize = v })
    {
        AppliesWhen = s_files,
        Effective = o => o.EffectiveStandardize,
        DefaultDescription = "true; false for Idx",
    };

    /// <summary>The section.</summary>
    public static Section<DatasetOptions> Section { get; } = new(
        "Dataset",
        "The data every trial trains and is validated on, and how they are split.",
        [Kind, Samples, Classes, ValidationFraction, ValidationSamples, Seed, Path, Label, Images, Labels, TestImages, TestLabels, Standardize],
        rules:
        [
            SectionRule<DatasetOptions>.ExactlyOneWhen(s_spiral, ValidationFraction, ValidationSamples),
            SectionRule<DatasetOptions>.RequiredWhen(Path, s_csv, "the CSV file to read"),
            SectionRule<DatasetOptions>.RequiredWhen(Images, s_idx, "the training images file, e.g. train-images-idx3-ubyte.gz"),
            SectionRule<DatasetOptions>.RequiredWhen(Labels, s_idx, "the training labels file, e.g. train-labels-idx1-ubyte.gz"),
            SectionRule<DatasetOptions>.RequiredWhen(ValidationFraction, s_files, "a fraction in (0, 1)"),
            SectionRule<DatasetOptions>.TogetherWhen(s_idx, TestImages, TestLabels),
            SectionRule<DatasetOptions>.OnlyWhen(ValidationSamples, s_spiral, "use ValidationFraction for Csv and Idx"),
            SectionRule<DatasetOptions>.OnlyWhen(Path, s_csv, "an Idx data set is read from Images and Labels"),
            SectionRule<DatasetOptions>.OnlyWhen(Label, s_csv, "an Idx data set takes its labels from Labels"),
            SectionRule<DatasetOptions>.OnlyWhen(Images, s_idx, "a CSV data set is read from Path"),
            SectionRule<DatasetOptions>.OnlyWhen(Labels, s_idx, "a CSV data set is read from Path"),
            SectionRule<DatasetOptions>.OnlyWhen(TestImages, s_idx, "a CSV data set is read from Path"),
            SectionRule<DatasetOptions>.OnlyWhen(TestLabels, s_idx, "a CSV data set is read from Path"),
        ]);
}
