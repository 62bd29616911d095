using System.Globalization;
using System.Text;
using DropoutSweep.Core.Nn.Model;
using DropoutSweep.Core.Randomness;
using DropoutSweep.Core.Settings;

namespace DropoutSweep.Core.Data;

/// <summary>
/// Reads an MNIST-style IDX data set (MNIST, Fashion-MNIST): training images and labels, from which
/// <see cref="DatasetOptions.ValidationFraction"/> of each class is held out by the seeded stratified split, and
/// optionally the official test images and labels, kept apart as the data set's test part. Pixels are scaled to
/// [0, 1]; they are standardised only when <see cref="DatasetOptions.Standardize"/> asks for it. Feature j is named
/// <c>pixel_R_C</c> after its row and column (as scikit-learn's and OpenML's CSV copies of these images name them). Images are streamed
/// straight into their part, so memory stays near the float32 result.
/// </summary>
internal static class IdxDatasetReader
{
    // pixel / 255 as float32, for every byte value.
    private static readonly float[] Scaled = Enumerable.Range(0, 256).Select(value => value / 255f).ToArray();

    /// <summary>
    /// Reads, checks and splits the files that <paramref name="options"/> name. The settings themselves (<c>Images</c>,
    /// <c>Labels</c> and <c>ValidationFraction</c> set, the test files both or neither, no CSV settings) were checked by
    /// the catalogue (<see cref="DatasetLoader.Load"/>).
    /// </summary>
    public static Dataset Read(DatasetOptions options)
    {
        var (imagesPath, labelsPath, fraction) = (options.Images!, options.Labels!, options.ValidationFraction!.Value);

        var (labelValues, labelsHash) = ReadLabels("Labels", labelsPath);
        var (classOf, classNames) = Classes(labelValues);
        var labels = labelValues.Select(value => classOf[value]).ToArray();
        CheckClasses(labelsPath, labels, classNames);

        var rng = new Rng(options.Seed);
        var (trainRows, validationRows) = StratifiedSplit.Split(labels, classNames.Length, fraction, rng);
        var destination = new (int Part, int Row)[labels.Length];
        for (var i = 0; i < trainRows.Length; i++)
        {
            destination[trainRows[i]] = (0, i);
        }

        for (var i = 0; i < validationRows.Length; i++)
        {
            destination[validationRows[i]] = (1, i);
        }

        var images = ReadImages("Images", imagesPath, $"Dataset.Labels {Path.GetFileName(labelsPath)}", labels.Length, destination, [trainRows.Length, validationRows.Length], expectedShape: null);
        var (trainX, validationX) = (images.Parts[0], images.Parts[1]);
        var trainY = trainRows.Select(row => labels[row]).ToArray();
        var validationY = validationRows.Select(row => labels[row]).ToArray();

        float[]? testX = null;
        int[]? testY = null;
        string? testImagesHash = null, testLabelsHash = null;
        var hasTestSet = DatasetSettings.TestImages.IsSet(options); // TestLabels with it: the catalogue's rule
        if (hasTestSet)
        {
            var (testImagesPath, testLabelsPath) = (options.TestImages!, options.TestLabels!);
            (var testValues, testLabelsHash) = ReadLabels("TestLabels", testLabelsPath);
            testY = new int[testValues.Length];
            for (var i = 0; i < testValues.Length; i++)
            {
                testY[i] = classOf[testValues[i]] is var k && k >= 0
                    ? k
                    : throw new DatasetException(
                        $"Dataset.TestLabels {Path.GetFileName(testLabelsPath)}: label {testValues[i]} (item {i + 1}) is not among the training labels ({string.Join(", ", classNames)}).");
            }

            var identity = Enumerable.Range(0, testY.Length).Select(row => (0, row)).ToArray();
            var test = ReadImages("TestImages", testImagesPath, $"Dataset.TestLabels {Path.GetFileName(testLabelsPath)}", testY.Length, identity, [testY.Length], images.Shape);
            testX = test.Parts[0];
            testImagesHash = test.Hash;
        }

        var features = images.Shape.Rows * images.Shape.Columns;

        // A pixel byte p is stored as p / 255; standardised, as (p / 255 − mean) / sd, which a model reads as
        // (p − 255·mean) / (255·sd): the same number, up to the rounding of the stored p / 255 to float32.
        var scaling = new FeatureScaling(FeatureScaling.Rescale, new double[features], Enumerable.Repeat(255.0, features).ToArray());
        if (options.EffectiveStandardize)
        {
            var (mean, deviation) = Standardise(features, trainX, [trainX, validationX, testX ?? []]);
            scaling = new FeatureScaling(FeatureScaling.Standardize, mean.Select(m => 255 * m).ToArray(), deviation.Select(d => 255 * d).ToArray());
        }

        var hash = DatasetLoader.Sha256Hex(Encoding.UTF8.GetBytes(
            $"idx/v1;images={images.Hash};labels={labelsHash};testImages={testImagesHash ?? "-"};testLabels={testLabelsHash ?? "-"}"));
        var name = ShortName(imagesPath) + (hasTestSet ? $", test {ShortName(options.TestImages!)}" : string.Empty);
        var pixelNames = Enumerable.Range(0, features)
            .Select(j => string.Create(CultureInfo.InvariantCulture, $"pixel_{j / images.Shape.Columns}_{j % images.Shape.Columns}"))
            .ToArray();
        return new Dataset(name, features, classNames.Length, trainX, trainY, validationX, validationY, hash, classNames, testX, testY, pixelNames, labelColumn: null, scaling);
    }

    private static (byte[] Values, string Hash) ReadLabels(string setting, string path)
    {
        using var file = IdxFile.Open(setting, path, IdxFile.LabelsMagic);
        var values = new byte[file.Count];
        file.Read(values, 0);
        return (values, file.Finish());
    }

    /// <summary>
    /// Streams the images of <c>Dataset.<paramref name="setting"/></c> into float32 parts: image i goes to row
    /// <c>destination[i].Row</c> of part <c>destination[i].Part</c>.
    /// </summary>
    private static (float[][] Parts, (int Rows, int Columns) Shape, string Hash) ReadImages(
        string setting, string path, string labelsSource, int labelCount, (int Part, int Row)[] destination, int[] partRows, (int Rows, int Columns)? expectedShape)
    {
        using var file = IdxFile.Open(setting, path, IdxFile.ImagesMagic);
        var shape = (Rows: file.Dimensions[1], Columns: file.Dimensions[2]);
        if (file.Count != labelCount)
        {
            throw new DatasetException($"Dataset.{setting} {file.Name} holds {file.Count} images but {labelsSource} holds {labelCount} labels; they must pair up one to one.");
        }

        if (expectedShape is { } expected && shape != expected)
        {
            throw new DatasetException($"Dataset.{setting} {file.Name}: images of {shape.Rows}×{shape.Columns} pixels, but the training images have {expected.Rows}×{expected.Columns}.");
        }

        var features = file.ItemBytes;
        if ((long)features * file.Count > Array.MaxLength)
        {
            throw new DatasetException($"Dataset.{setting} {file.Name}: {file.Count} images of {shape.Rows}×{shape.Columns} pixels are more values than one array can hold.");
        }

        var parts = partRows.Select(rows => new float[rows * features]).ToArray();
        var pixels = new byte[features];
        for (var i = 0; i < file.Count; i++)
        {
            file.Read(pixels, i);
            var (part, row) = destination[i];
            var target = parts[part].AsSpan(row * features, features);
            for (var j = 0; j < pixels.Length; j++)
            {
                target[j] = Scaled[pixels[j]];
            }
        }

        return (parts, shape, file.Finish());
    }

    /// <summary>Classes in numeric order of the label values that occur; <c>ClassOf[value]</c> is −1 for a value that does not.</summary>
    private static (int[] ClassOf, string[] ClassNames) Classes(byte[] labelValues)
    {
        var present = new bool[256];
        foreach (var value in labelValues)
        {
            present[value] = true;
        }

        var classOf = new int[256];
        var classNames = new List<string>();
        for (var value = 0; value < 256; value++)
        {
            classOf[value] = present[value] ? classNames.Count : -1;
            if (present[value])
            {
                classNames.Add(value.ToString(CultureInfo.InvariantCulture));
            }
        }

        return (classOf, classNames.ToArray());
    }

    private static void CheckClasses(string labelsPath, int[] labels, string[] classNames)
    {
        var source = $"Dataset.Labels {Path.GetFileName(labelsPath)}";
        if (classNames.Length < 2)
        {
            throw new DatasetException($"{source}: every label is {classNames[0]}; classification needs at least 2 classes.");
        }

        var counts = ClassLabels.Count(labels, classNames.Length);
        for (var k = 0; k < counts.Length; k++)
        {
            if (counts[k] < 2)
            {
                throw new DatasetException(
                    $"{source}: class {classNames[k]} has only {counts[k]} image; every class needs at least 2 so that both the training and the validation part get one.");
            }
        }
    }

    /// <summary>Per-pixel z-scoring with the training part's mean and standard deviation (population); a constant pixel keeps scale 1.</summary>
    private static (double[] Mean, double[] Deviation) Standardise(int features, float[] train, float[][] parts)
    {
        var rows = train.Length / features;
        var mean = new double[features];
        var deviation = new double[features];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < features; j++)
            {
                mean[j] += train[(i * features) + j];
            }
        }

        for (var j = 0; j < features; j++)
        {
            mean[j] /= rows;
        }

        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < features; j++)
            {
                var centred = train[(i * features) + j] - mean[j];
                deviation[j] += centred * centred;
            }
        }

        for (var j = 0; j < features; j++)
        {
            var sd = Math.Sqrt(deviation[j] / rows);
            deviation[j] = sd > 0 ? sd : 1.0;
        }

        foreach (var part in parts)
        {
            for (var row = 0; row < part.Length; row += features)
            {
                for (var j = 0; j < features; j++)
                {
                    part[row + j] = (float)((part[row + j] - mean[j]) / deviation[j]);
                }
            }
        }

        return (mean, deviation);
    }

    // "fashion-mnist/train-images-idx3-ubyte.gz": MNIST and Fashion-MNIST use the same file names.
    private static string ShortName(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
        return string.IsNullOrEmpty(folder) ? Path.GetFileName(path) : $"{folder}/{Path.GetFileName(path)}";
    }
}
