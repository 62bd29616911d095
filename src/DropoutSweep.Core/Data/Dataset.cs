namespace DropoutSweep.Core.Data;

/// <summary>
/// A classification data set split into training and validation parts. Features are row-major float32
/// (<c>TrainX[row * Features + column]</c>); labels are class indices 0..Classes-1.
/// </summary>
public sealed class Dataset
{
    /// <param name="classNames">The label each class number stands for (index = class); null names them 0..Classes−1.</param>
    public Dataset(string name, int features, int classes, float[] trainX, int[] trainY, float[] validationX, int[] validationY, string contentHash, IReadOnlyList<string>? classNames = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (trainX.Length != trainY.Length * features)
        {
            throw new ArgumentException($"TrainX has {trainX.Length} values, expected {trainY.Length} rows × {features} features.", nameof(trainX));
        }

        if (validationX.Length != validationY.Length * features)
        {
            throw new ArgumentException($"ValidationX has {validationX.Length} values, expected {validationY.Length} rows × {features} features.", nameof(validationX));
        }

        classNames ??= Enumerable.Range(0, classes).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (classNames.Count != classes)
        {
            throw new ArgumentException($"{classNames.Count} class names for {classes} classes.", nameof(classNames));
        }

        Name = name;
        Features = features;
        Classes = classes;
        TrainX = trainX;
        TrainY = trainY;
        ValidationX = validationX;
        ValidationY = validationY;
        ContentHash = contentHash;
        ClassNames = classNames;
    }

    /// <summary>A short description for logs and reports (e.g. <c>spiral 1000×3</c>, <c>digits.csv</c>).</summary>
    public string Name { get; }

    public int Features { get; }

    public int Classes { get; }

    public float[] TrainX { get; }

    public int[] TrainY { get; }

    public float[] ValidationX { get; }

    public int[] ValidationY { get; }

    /// <summary>The label of each class number (a CSV's label mapping, e.g. <c>setosa</c> for 0); <c>0</c>..<c>K−1</c> for the spiral.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public int TrainRows => TrainY.Length;

    public int ValidationRows => ValidationY.Length;

    /// <summary>Hash of the source (the CSV file's bytes, or the spiral's settings) so that cluster nodes can prove they train on the same data.</summary>
    public string ContentHash { get; }
}
