using DropoutSweep.Core.Data;
using Xunit;

namespace DropoutSweep.Core.Tests.Data;

public sealed class CsvDatasetErrorTests : IDisposable
{
    private readonly TemporaryFolder _temporary = new("dropout-sweep-csv-");

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public void A_word_among_the_numbers_is_named_by_file_line_and_column()
    {
        var error = Load("digits.csv", "a,b,c,d,e,label\n1,2,3,4,5,0\n1,2,3,4,abc,1\n1,2,3,4,5,1\n1,2,3,4,5,0\n");

        Assert.Equal("digits.csv line 3 column 5: 'abc' is not a number.", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named_with_its_full_path()
    {
        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Options(_temporary.File("absent.csv"))));

        Assert.Contains("file not found", error.Message);
        Assert.Contains(_temporary.File("absent.csv"), error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void An_empty_file_is_refused(string content)
    {
        var error = Load("empty.csv", content);

        Assert.Equal("empty.csv: the file is empty; expected a header row and data rows.", error.Message);
    }

    [Fact]
    public void A_header_without_rows_is_refused()
    {
        var error = Load("header.csv", "x,y,label\n");

        Assert.Equal("header.csv: no data rows after the header (line 1).", error.Message);
    }

    [Fact]
    public void A_ragged_row_names_its_line_and_both_column_counts()
    {
        var error = Load("ragged.csv", "x,y,label\n1,2,0\n1,2,1\n1,0\n3,4,1\n");

        Assert.Equal("ragged.csv line 4: expected 3 columns as in the header, found 2.", error.Message);
    }

    [Fact]
    public void An_empty_line_between_rows_is_refused_by_line()
    {
        var error = Load("gap.csv", "x,y,label\n1,2,0\n\n1,2,1\n");

        Assert.StartsWith("gap.csv line 3: the line is empty", error.Message);
    }

    [Fact]
    public void A_missing_label_column_is_named_with_the_columns_there_are()
    {
        var error = Load("nolabel.csv", "x,y,class\n1,2,0\n1,2,1\n", label: "species");

        Assert.Equal("nolabel.csv: Dataset.Label column 'species' not found; the columns are: x, y, class.", error.Message);
    }

    [Fact]
    public void A_single_class_is_refused()
    {
        var error = Load("one.csv", "x,label\n1,7\n2,7\n3,7\n");

        Assert.Equal("one.csv: the label column 'label' has only one class ('7'); classification needs at least 2.", error.Message);
    }

    [Fact]
    public void A_class_with_a_single_row_cannot_be_split_and_is_named()
    {
        var error = Load("rare.csv", "x,label\n1,a\n2,a\n3,b\n4,a\n");

        Assert.StartsWith("rare.csv: class 'b' of column 'label' has only 1 row; every class needs at least 2 rows", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    public void A_validation_fraction_outside_zero_to_one_is_refused_by_name(double fraction)
    {
        var path = Write("ok.csv", "x,label\n1,0\n2,0\n3,1\n4,1\n");

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Options(path) with { ValidationFraction = fraction }));

        Assert.Contains("Dataset:ValidationFraction = ", error.Message);
        Assert.Contains(": must be in (0, 1)", error.Message);
    }

    [Fact]
    public void A_csv_without_a_validation_fraction_or_path_is_refused_by_setting()
    {
        var path = Write("ok.csv", "x,label\n1,0\n2,0\n3,1\n4,1\n");

        var noFraction = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Options(path) with { ValidationFraction = null }));
        var noPath = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Options(path) with { Path = null }));

        Assert.StartsWith("Dataset:ValidationFraction: required for Kind Csv", noFraction.Message);
        Assert.StartsWith("Dataset:Path: required for Kind Csv", noPath.Message);
    }

    [Fact]
    public void Labels_are_sorted_numerically_when_numbers_and_by_text_otherwise()
    {
        var numeric = DatasetLoader.Load(Options(Write("n.csv", "label,x\n10,1\n9,2\n10,3\n9,4\n2,5\n2,6\n"), label: "label") with { Standardize = false });
        var words = DatasetLoader.Load(Options(Write("w.csv", "x,kind\n1,pear\n2,apple\n3,pear\n4,apple\n")) with { Standardize = false });

        // 2 → 0, 9 → 1, 10 → 2 (a text sort would put "10" before "2" and "9"); x follows its label.
        Assert.Equal(3, numeric.Classes);
        AssertRowsKeepTheirLabels(numeric, new Dictionary<float, int> { [1] = 2, [2] = 1, [3] = 2, [4] = 1, [5] = 0, [6] = 0 });
        AssertRowsKeepTheirLabels(words, new Dictionary<float, int> { [1] = 1, [2] = 0, [3] = 1, [4] = 0 });
    }

    [Fact]
    public void A_constant_column_standardises_to_zero_not_nan_and_windows_line_ends_and_quotes_are_read()
    {
        var dataset = DatasetLoader.Load(Options(Write("crlf.csv", "\"x\",\"c\",\"label\"\r\n1,5,0\r\n2,5,0\r\n3,5,1\r\n4,5,1\r\n")));

        Assert.Equal(2, dataset.Features);
        Assert.All(dataset.TrainX.Concat(dataset.ValidationX), v => Assert.True(float.IsFinite(v)));
        for (var i = 1; i < dataset.TrainX.Length; i += 2)
        {
            Assert.Equal(0f, dataset.TrainX[i]);
        }
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_escaped_quotes_and_line_breaks_after_a_bom_and_crlf_line_ends()
    {
        // RFC 4180 §2: a field in double quotes may contain the separator, a line break, and "" for one quote.
        var path = WriteBytes(
            "quoted.csv",
            "\uFEFF\"width, cm\",\"label\"\r\n\"1.5\",\"iris \"\"setosa\"\", wild\"\r\n 2.5 ,plain\r\n3.5,\"iris \"\"setosa\"\", wild\"\r\n4.5,plain\r\n");

        var dataset = DatasetLoader.Load(Options(path) with { Standardize = false });

        // Ordinal order: 'i' (0x69) < 'p' (0x70).
        Assert.Equal(["iris \"setosa\", wild", "plain"], dataset.ClassNames);
        Assert.Equal(1, dataset.Features);
        AssertRowsKeepTheirLabels(dataset, new Dictionary<float, int> { [1.5f] = 0, [2.5f] = 1, [3.5f] = 0, [4.5f] = 1 });
    }

    [Fact]
    public void A_quoted_number_with_a_decimal_comma_is_one_field_and_is_named_as_not_a_number()
    {
        var error = Load("comma.csv", "x,y,label\n1,2,a\n3,\"1,5\",b\n5,6,a\n7,8,b\n");

        // Not a ragged row (a naive split would see 4 columns): one field, '1,5', which is no number in invariant culture.
        Assert.Equal("comma.csv line 3 column 2: '1,5' is not a number.", error.Message);
    }

    [Fact]
    public void Line_numbers_count_the_line_breaks_inside_quoted_fields()
    {
        var error = Load("multiline.csv", "x,label\n1,\"two\nlines\"\n2,b\nxyz,b\n");

        Assert.StartsWith("multiline.csv line 5 column 1: 'xyz' is not a number.", error.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_named_at_its_line_as_a_missing_closing_quote()
    {
        var error = Load("unclosed.csv", "x,y,label\n1,2,a\n3,\"4,b\n5,6,a\n");

        Assert.Equal(
            "unclosed.csv line 3: expected 3 columns as in the header, found 2. A quoted field runs on over the following lines: is a closing quote (\") missing?",
            error.Message);
    }

    [Fact]
    public void Duplicate_header_names_are_refused_with_both_columns()
    {
        var error = Load("twice.csv", "x,y,x,label\n1,2,3,a\n4,5,6,b\n");

        Assert.Equal("twice.csv line 1: the column name 'x' appears twice (columns 1 and 3); every column needs its own name.", error.Message);
    }

    [Fact]
    public void A_text_column_that_is_not_the_label_suggests_setting_the_label()
    {
        // iris with its species first: the default label column is the last one, a number.
        var error = Load("species-first.csv", "species,petal_width\nsetosa,0.2\nvirginica,2.1\nsetosa,0.3\nvirginica,1.9\n");

        Assert.Equal(
            "species-first.csv line 2 column 1: 'setosa' is not a number. If column 'species' holds the labels, set Dataset:Label to \"species\" (the label column is now 'petal_width').",
            error.Message);
    }

    [Fact]
    public void The_label_mapping_is_exposed_as_class_names_indexed_by_class()
    {
        var numeric = DatasetLoader.Load(Options(Write("n.csv", "label,x\n10,1\n9,2\n10,3\n9,4\n2,5\n2.0,6\n"), label: "label"));
        var words = DatasetLoader.Load(Options(Write("w.csv", "x,kind\n1,setosa\n2,virginica\n3,setosa\n4,versicolor\n5,virginica\n6,versicolor\n")));

        // Numbers in numeric order ("2" and "2.0" are one class), words in ordinal order.
        Assert.Equal(["2", "9", "10"], numeric.ClassNames);
        Assert.Equal(["setosa", "versicolor", "virginica"], words.ClassNames);
    }

    private static void AssertRowsKeepTheirLabels(Dataset dataset, Dictionary<float, int> labelOfX)
    {
        for (var i = 0; i < dataset.TrainRows; i++)
        {
            Assert.Equal(labelOfX[dataset.TrainX[i]], dataset.TrainY[i]);
        }

        for (var i = 0; i < dataset.ValidationRows; i++)
        {
            Assert.Equal(labelOfX[dataset.ValidationX[i]], dataset.ValidationY[i]);
        }
    }

    private DatasetException Load(string file, string content, string? label = null) =>
        Assert.Throws<DatasetException>(() => DatasetLoader.Load(Options(Write(file, content), label)));

    private string Write(string file, string content)
    {
        var path = _temporary.File(file);
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteBytes(string file, string content)
    {
        var path = _temporary.File(file);
        File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content));
        return path;
    }

    private static DatasetOptions Options(string path, string? label = null) => new()
    {
        Kind = DatasetKind.Csv,
        Path = path,
        Label = label,
        ValidationFraction = 0.5,
        Seed = 1,
    };
}
