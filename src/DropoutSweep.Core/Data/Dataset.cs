using System.Globalization;
using DropoutSweep.Core.Nn.Model;

namespace DropoutSweep.Core.Data;

/// <summary>
/// A classification data set split into training and validation parts, with an optional test part. Features are
/// row-major float32 (<c>TrainX[row * Features + column]</c>); labels are class indices 0..Classes-1. One instance is
/// shared read-only by every trial of a process.
/// </summary>
public sealed class Dataset
{
    /// <param name="classNames">The label each class number stands for (index = class); null names them 0..Classes−1.</param>
    /// <param name="testX">The test part's features (held out from tuning: never used for ranking); null for none.</param>
    /// <param name="testY">The test part's labels; set together with <paramref name="testX"/>.</param>
    /// <param name="featureNames">The name of each feature column, in order; null names them <c>x1</c>..<c>xN</c>.</param>
    /// <param name="labelColumn">The name of the label column in the source (a CSV's header); null when there is none.</param>
    /// <param name="scaling">How the source's raw values became the stored features; null when they are stored as they are.</param>
    public Dataset(
        string name,
        int features,
        int classes,
        float[] trainX,
        int[] trainY,
        float[] validationX,
        int[] validationY,
        string contentHash,
        IReadOnlyList<string>? classNames = null,
        float[]? testX = null,
        int[]? testY = null,
        IReadOnlyList<string>? featureNames = null,
        string? labelColumn = null,
        FeatureScaling? scaling = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        CheckPart("TrainX", trainX, trainY, features);
        CheckPart("ValidationX", validationX, validationY, features);
        if (testX is null != testY is null)
        {
            throw new ArgumentException("TestX and TestY go together: give both or neither.", nameof(testX));
        }

        if (testX is not null)
        {
            CheckPart("TestX", testX, testY!, features);
        }

        classNames ??= Enumerable.Range(0, classes).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (classNames.Count != classes)
        {
            throw new ArgumentException($"{classNames.Count} class names for {classes} classes.", nameof(classNames));
        }

        featureNames ??= Enumerable.Range(1, features).Select(j => string.Create(CultureInfo.InvariantCulture, $"x{j}")).ToArray();
        if (featureNames.Count != features)
        {
            throw new ArgumentException($"{featureNames.Count} feature names for {features} features.", nameof(featureNames));
        }

        scaling ??= FeatureScaling.Identity(features);
        if (scaling.Shift.Count != features || scaling.Scale.Count != features)
        {
            throw new ArgumentException($"A scaling of {scaling.Shift.Count} shifts and {scaling.Scale.Count} scales for {features} features.", nameof(scaling));
        }

        Name = name;
        Features = features;
        FeatureNames = featureNames;
        LabelColumn = labelColumn;
        Scaling = scaling;
        Classes = classes;
        TrainX = trainX;
        TrainY = trainY;
        ValidationX = validationX;
        ValidationY = validationY;
        ContentHash = contentHash;
        ClassNames = classNames;
        TestX = testX ?? [];
        TestY = testY ?? [];
    }

    /// <summary>A short description for logs and reports (e.g. <c>spiral 1000×3</c>, <c>digits.csv</c>).</summary>
    public string Name { get; }

    public int Features { get; }

    public int Classes { get; }

    public float[] TrainX { get; }

    public int[] TrainY { get; }

    public float[] ValidationX { get; }

    public int[] ValidationY { get; }

    /// <summary>The test part's features: empty unless <see cref="HasTestSet"/>. Evaluate a final network on it once; never rank by it.</summary>
    public float[] TestX { get; }

    /// <summary>The test part's labels: empty unless <see cref="HasTestSet"/>.</summary>
    public int[] TestY { get; }

    public int TrainRows => TrainY.Length;

    public int ValidationRows => ValidationY.Length;

    public int TestRows => TestY.Length;

    /// <summary>Whether the data come with a separate test part (an IDX data set's <c>TestImages</c>/<c>TestLabels</c>).</summary>
    public bool HasTestSet => TestY.Length > 0;

    /// <summary>
    /// The label each class number stands for, index = class: a CSV's label texts (<c>setosa</c> → 0), an IDX file's
    /// label values, a spiral's arm numbers.
    /// </summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The name of each feature, in column order: a CSV's header (label column left out), <c>pixel_R_C</c> for images, <c>x</c> and <c>y</c> for the spiral.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The label column's name in the source (a CSV's header), or null when the data have none (the spiral, IDX labels).</summary>
    public string? LabelColumn { get; }

    /// <summary>
    /// How a raw value of the source (a CSV field, a pixel byte) became the stored feature: <c>(raw − shift) / scale</c>,
    /// rounded to float32. A saved model carries it, so that it reads raw values as the network was trained on them.
    /// </summary>
    public FeatureScaling Scaling { get; }

    /// <summary>Hash of the source (the CSV file's bytes, the IDX files' contents, or the spiral's settings) so that cluster nodes can prove they train on the same data.</summary>
    public string ContentHash { get; }

    private static void CheckPart(string part, float[] x, int[] y, int features)
    {
        if (x.Length != (long)y.Length * features)
        {
            throw new ArgumentException($"{part} has {x.Length} values, expected {y.Length} rows × {features} features.", part);
        }
    }
}
