using System.Globalization;
using System.Text;
using DropoutSweep.Core.Data;
using Xunit;

namespace DropoutSweep.Core.Tests.Data;

public sealed class IdxDatasetTests : IDisposable
{
    private const int Rows = 2;
    private const int Columns = 3;
    private const int Features = Rows * Columns;

    // 4 classes × 5 images; image i has label i % 4 and the pixels (i, label, 255, 0, 51, 10 i): pixel 0 names the image.
    private static readonly byte[] TrainLabels = Enumerable.Range(0, 20).Select(i => (byte)(i % 4)).ToArray();
    private static readonly byte[][] TrainImages = Enumerable.Range(0, 20).Select(i => Image(i, TrainLabels[i])).ToArray();

    private readonly TemporaryFolder _temporary = new("dropout-sweep-idx-");

    public void Dispose() => _temporary.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_and_labels_load_raw_or_gzip_with_pixels_scaled_to_one_and_every_image_beside_its_label(bool gzip)
    {
        var dataset = DatasetLoader.Load(Options(WriteTrainingFiles(gzip)));

        Assert.Equal(Features, dataset.Features);
        Assert.Equal(["0", "1", "2", "3"], dataset.ClassNames);
        Assert.Equal(20, dataset.TrainRows + dataset.ValidationRows);

        // Stratified: each class of 5 gives round(5 × 0.2) = 1 image to validation.
        Assert.Equal([1, 1, 1, 1], Enumerable.Range(0, 4).Select(k => dataset.ValidationY.Count(y => y == k)));
        AssertImagesKeepTheirLabels(dataset.TrainX, dataset.TrainY);
        AssertImagesKeepTheirLabels(dataset.ValidationX, dataset.ValidationY);

        // Unstandardised by default for IDX: pixel / 255, so 255 → 1, 51 → 0.2f, 0 → 0.
        Assert.All(Enumerable.Range(0, dataset.TrainRows), row =>
        {
            Assert.Equal(1f, dataset.TrainX[(row * Features) + 2]);
            Assert.Equal(0f, dataset.TrainX[(row * Features) + 3]);
            Assert.Equal(0.2f, dataset.TrainX[(row * Features) + 4]);
        });
        Assert.False(dataset.HasTestSet);
    }

    [Fact]
    public void Raw_and_gzip_files_give_the_same_data_and_the_same_content_hash()
    {
        var raw = DatasetLoader.Load(Options(WriteTrainingFiles(gzip: false, prefix: "raw-")));
        var compressed = DatasetLoader.Load(Options(WriteTrainingFiles(gzip: true, prefix: "gz-")));

        Assert.Equal(raw.TrainX, compressed.TrainX);
        Assert.Equal(raw.ValidationY, compressed.ValidationY);
        Assert.Equal(raw.ContentHash, compressed.ContentHash);
    }

    [Fact]
    public void The_split_is_the_csv_split_of_the_same_rows_and_seed()
    {
        // The same 20 rows as a CSV (pixel / 255 written round-trip exact, then the label): the CSV reader is an
        // independent path to the same stratified, seeded split.
        var csv = new StringBuilder("p0,p1,p2,p3,p4,p5,label\n");
        for (var i = 0; i < TrainImages.Length; i++)
        {
            csv.AppendJoin(',', TrainImages[i].Select(pixel => (pixel / 255f).ToString("R", CultureInfo.InvariantCulture)));
            csv.Append(CultureInfo.InvariantCulture, $",{TrainLabels[i]}\n");
        }

        File.WriteAllText(_temporary.File("same.csv"), csv.ToString());
        var fromCsv = DatasetLoader.Load(new DatasetOptions
        {
            Kind = DatasetKind.Csv, Path = _temporary.File("same.csv"), ValidationFraction = 0.2, Seed = 7, Standardize = false,
        });

        var fromIdx = DatasetLoader.Load(Options(WriteTrainingFiles(gzip: true)) with { Seed = 7 });

        Assert.Equal(fromCsv.TrainX, fromIdx.TrainX);
        Assert.Equal(fromCsv.TrainY, fromIdx.TrainY);
        Assert.Equal(fromCsv.ValidationX, fromIdx.ValidationX);
        Assert.Equal(fromCsv.ValidationY, fromIdx.ValidationY);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pixels_are_named_by_row_and_column_and_a_saved_model_reads_the_raw_bytes_as_training_did(bool standardize)
    {
        var dataset = DatasetLoader.Load(Options(WriteTrainingFiles(gzip: false)) with { Standardize = standardize });

        Assert.Equal(["pixel_0_0", "pixel_0_1", "pixel_0_2", "pixel_1_0", "pixel_1_1", "pixel_1_2"], dataset.FeatureNames);
        Assert.Null(dataset.LabelColumn);

        // The scaling turns each raw byte back into the stored input: exactly for pixel / 255, to float32 rounding
        // (two roundings there, one here) when standardised.
        for (var row = 0; row < dataset.TrainRows; row++)
        {
            // Pixel 0 is the image's number (see TrainImages).
            var raw = TrainImages[(int)Math.Round(dataset.Scaling.Invert(0, dataset.TrainX[row * Features]))];
            for (var j = 0; j < Features; j++)
            {
                var stored = dataset.TrainX[(row * Features) + j];
                if (standardize)
                {
                    Assert.Equal(stored, dataset.Scaling.Apply(j, raw[j]), 1e-5f);
                }
                else
                {
                    Assert.Equal(stored, dataset.Scaling.Apply(j, raw[j]));
                }
            }
        }
    }

    [Fact]
    public void Standardize_true_scores_each_pixel_with_the_training_parts_statistics()
    {
        var dataset = DatasetLoader.Load(Options(WriteTrainingFiles(gzip: false)) with { Standardize = true });

        for (var j = 0; j < Features; j++)
        {
            var column = Enumerable.Range(0, dataset.TrainRows).Select(row => (double)dataset.TrainX[(row * Features) + j]).ToArray();
            var mean = column.Average();
            var sd = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
            Assert.InRange(mean, -1e-6, 1e-6);

            // Pixels 2, 3 and 4 are the same in every image: centred to 0, scale 1 (never NaN).
            Assert.True(Math.Abs(sd - 1) < 1e-5 || column.All(v => v == 0), $"pixel {j}: sd {sd}");
        }
    }

    [Fact]
    public void The_official_test_set_is_kept_apart_with_the_training_class_numbers()
    {
        var options = Options(WriteTrainingFiles(gzip: true));
        byte[] testLabels = [3, 1, 3];
        IdxWriter.Images(_temporary.File("t10k-images"), Rows, Columns, [Image(100, 3), Image(101, 1), Image(102, 3)]);
        IdxWriter.Labels(_temporary.File("t10k-labels.gz"), testLabels, gzip: true);

        var dataset = DatasetLoader.Load(options with { TestImages = _temporary.File("t10k-images"), TestLabels = _temporary.File("t10k-labels.gz") });
        var without = DatasetLoader.Load(options);

        Assert.True(dataset.HasTestSet);
        Assert.Equal(3, dataset.TestRows);
        Assert.Equal([3, 1, 3], dataset.TestY);
        Assert.Equal(Image(101, 1).Select(pixel => pixel / 255f), dataset.TestX.Skip(Features).Take(Features));

        // The test set changes neither the training nor the validation part, but it does change the content hash.
        Assert.Equal(without.TrainX, dataset.TrainX);
        Assert.Equal(without.ValidationY, dataset.ValidationY);
        Assert.NotEqual(without.ContentHash, dataset.ContentHash);

        // Blank test settings are unset, as the catalogue's rules (and a sweep file) read them: no test set, nothing opened.
        var blank = DatasetLoader.Load(options with { TestImages = " ", TestLabels = string.Empty });
        Assert.False(blank.HasTestSet);
        Assert.Equal(without.ContentHash, blank.ContentHash);
    }

    [Fact]
    public void Swapped_images_and_labels_are_named_by_their_wrong_magic_number()
    {
        var options = Options(WriteTrainingFiles(gzip: false));

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(options with { Images = options.Labels, Labels = options.Images }));

        Assert.Equal(
            "Dataset.Labels train-images: wrong magic number 0x00000803; an IDX label file starts with 0x00000801; that is the magic number of an IDX image file: are Images and Labels swapped?",
            error.Message);
    }

    [Fact]
    public void A_file_that_is_not_idx_is_named_with_its_magic_number()
    {
        var options = Options(WriteTrainingFiles(gzip: false));
        File.WriteAllText(_temporary.File("page.html"), "<html>not found</html>");

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(options with { Images = _temporary.File("page.html") }));

        // "<htm" is 0x3c68746d.
        Assert.Equal("Dataset.Images page.html: wrong magic number 0x3c68746d; an IDX image file starts with 0x00000803.", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_images_are_named_with_what_the_header_announces_and_what_is_there(bool gzip)
    {
        var options = Options(WriteTrainingFiles(gzip));
        var data = TrainImages.SelectMany(image => image).Take((19 * Features) + 4).ToArray();
        IdxWriter.Write(_temporary.File("cut"), 0x08, [20, Rows, Columns], data, gzip);

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(options with { Images = _temporary.File("cut") }));

        Assert.Equal(
            "Dataset.Images cut: truncated: the header announces 20 images (120 bytes of data), but the data end after 118 bytes, in image 20.",
            error.Message);
    }

    [Fact]
    public void Image_and_label_counts_that_disagree_are_refused_naming_both_settings()
    {
        var options = Options(WriteTrainingFiles(gzip: false));
        IdxWriter.Labels(_temporary.File("short-labels"), TrainLabels.Take(16).ToArray());

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(options with { Labels = _temporary.File("short-labels") }));

        Assert.Equal("Dataset.Images train-images holds 20 images but Dataset.Labels short-labels holds 16 labels; they must pair up one to one.", error.Message);
    }

    [Fact]
    public void A_corrupt_gzip_file_is_named()
    {
        var options = Options(WriteTrainingFiles(gzip: false));
        File.WriteAllBytes(_temporary.File("broken.gz"), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0xde, 0xad, 0xbe, 0xef]);

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(options with { Labels = _temporary.File("broken.gz") }));

        Assert.StartsWith("Dataset.Labels broken.gz: not a valid gzip file", error.Message);
    }

    [Fact]
    public void Settings_that_do_not_fit_an_idx_data_set_are_refused_by_name()
    {
        var options = Options(WriteTrainingFiles(gzip: false));
        IdxWriter.Labels(_temporary.File("test-labels"), [9]);
        IdxWriter.Images(_temporary.File("test-images"), Rows, Columns, [Image(0, 9)]);
        IdxWriter.Images(_temporary.File("wide-images"), Rows, Columns + 1, [new byte[Features + 2]]);
        IdxWriter.Labels(_temporary.File("one-label"), [1]);

        string Message(DatasetOptions wrong) => Assert.Throws<DatasetException>(() => DatasetLoader.Load(wrong)).Message;

        Assert.StartsWith("Dataset:Images: required for Kind Idx", Message(options with { Images = null }));
        Assert.StartsWith("Dataset:Labels: required for Kind Idx", Message(options with { Labels = " " }));
        Assert.StartsWith("Dataset:ValidationFraction: required for Kind Csv or Idx", Message(options with { ValidationFraction = null }));
        Assert.StartsWith("Dataset: TestImages and TestLabels go together", Message(options with { TestImages = _temporary.File("test-images") }));
        Assert.Equal("Dataset:Path = x.csv: only for Kind Csv; an Idx data set is read from Images and Labels", Message(options with { Path = "x.csv" }));
        Assert.StartsWith(
            "Dataset.TestLabels test-labels: label 9 (item 1) is not among the training labels (0, 1, 2, 3)",
            Message(options with { TestImages = _temporary.File("test-images"), TestLabels = _temporary.File("test-labels") }));
        Assert.Equal(
            "Dataset.TestImages wide-images: images of 2×4 pixels, but the training images have 2×3.",
            Message(options with { TestImages = _temporary.File("wide-images"), TestLabels = _temporary.File("one-label") }));
        Assert.StartsWith("Dataset.Images: file not found: ", Message(options with { Images = _temporary.File("absent") }));
    }

    [Fact]
    public void A_csv_refuses_the_idx_settings_by_name()
    {
        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(new DatasetOptions
        {
            Kind = DatasetKind.Csv, Path = "x.csv", Images = "train-images", ValidationFraction = 0.2,
        }));

        Assert.Equal("Dataset:Images = train-images: only for Kind Idx; a CSV data set is read from Path", error.Message);
    }

    [Fact]
    public void Standardize_defaults_to_off_for_idx_and_on_for_csv_and_spirals()
    {
        Assert.False(new DatasetOptions { Kind = DatasetKind.Idx }.EffectiveStandardize);
        Assert.True(new DatasetOptions { Kind = DatasetKind.Csv }.EffectiveStandardize);
        Assert.True(new DatasetOptions { Kind = DatasetKind.Spiral }.EffectiveStandardize);
        Assert.True(new DatasetOptions { Kind = DatasetKind.Idx, Standardize = true }.EffectiveStandardize);
        Assert.False(new DatasetOptions { Kind = DatasetKind.Csv, Standardize = false }.EffectiveStandardize);
    }

    [Fact]
    public void Images_are_streamed_into_their_parts_allocating_little_beyond_the_float32_data()
    {
        // 4,000 images of 28×28 (12.5 MB of float32); the labels cycle through 10 classes.
        const int Images = 4_000, Side = 28;
        var random = new Random(11);
        var images = Enumerable.Range(0, Images).Select(_ => { var image = new byte[Side * Side]; random.NextBytes(image); return image; }).ToArray();
        IdxWriter.Images(_temporary.File("big-images"), Side, Side, images);
        IdxWriter.Labels(_temporary.File("big-labels"), Enumerable.Range(0, Images).Select(i => (byte)(i % 10)).ToArray());
        var options = Options((_temporary.File("big-images"), _temporary.File("big-labels")));
        DatasetLoader.Load(Options(WriteTrainingFiles(gzip: false))); // one-time statics are not the load's memory

        var before = GC.GetAllocatedBytesForCurrentThread();
        var dataset = DatasetLoader.Load(options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The float32 parts themselves, plus a few integers per image (labels, split, destinations): never a copy
        // of the pixels as bytes or doubles, which would be at least 1.25×.
        var floatBytes = (long)Images * Side * Side * sizeof(float);
        Assert.Equal(Images, dataset.TrainRows + dataset.ValidationRows);
        Assert.True(allocated <= 1.1 * floatBytes, $"allocated {allocated:N0} bytes for {floatBytes:N0} bytes of float32 data ({(double)allocated / floatBytes:F2}×)");
    }

    [Fact]
    public void The_files_an_idx_data_set_reads_are_listed_and_can_be_resolved_in_one_place()
    {
        var options = new DatasetOptions { Kind = DatasetKind.Idx, Images = "a", Labels = "b", TestImages = "c", TestLabels = "d", Path = "ignored.csv" };

        var resolved = options.WithFiles((setting, path) => $"/data/{setting}/{path}");

        Assert.Equal([("Images", "a"), ("Labels", "b"), ("TestImages", "c"), ("TestLabels", "d")], options.Files());
        Assert.Equal(("/data/Images/a", "/data/Labels/b", "/data/TestImages/c", "/data/TestLabels/d"), (resolved.Images, resolved.Labels, resolved.TestImages, resolved.TestLabels));
        Assert.Equal("ignored.csv", resolved.Path);
        Assert.Equal([("Path", "x.csv")], new DatasetOptions { Kind = DatasetKind.Csv, Path = "x.csv", Images = "a" }.Files());
        Assert.Empty(new DatasetOptions { Path = "x.csv" }.Files());
    }

    private static byte[] Image(int index, byte label) => [(byte)index, label, 255, 0, 51, (byte)(10 * index)];

    // Pixel 0 (× 255) names the image, pixel 1 its label: each row must carry the pixels of its image and its label.
    private static void AssertImagesKeepTheirLabels(float[] x, int[] y)
    {
        for (var row = 0; row < y.Length; row++)
        {
            var image = (int)MathF.Round(x[row * Features] * 255);
            Assert.Equal(TrainImages[image].Select(pixel => pixel / 255f), x.Skip(row * Features).Take(Features));
            Assert.Equal(TrainLabels[image], y[row]);
        }
    }

    private (string Images, string Labels) WriteTrainingFiles(bool gzip, string prefix = "")
    {
        var images = _temporary.File($"{prefix}train-images{(gzip ? ".gz" : string.Empty)}");
        var labels = _temporary.File($"{prefix}train-labels{(gzip ? ".gz" : string.Empty)}");
        IdxWriter.Images(images, Rows, Columns, TrainImages, gzip);
        IdxWriter.Labels(labels, TrainLabels, gzip);
        return (images, labels);
    }

    private static DatasetOptions Options((string Images, string Labels) files) => new()
    {
        Kind = DatasetKind.Idx,
        Images = files.Images,
        Labels = files.Labels,
        ValidationFraction = 0.2,
        Seed = 3,
    };
}
