using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DropoutSweep.Tests.Options;
using Xunit;

namespace DropoutSweep.Tests.EndToEnd;

/// <summary>
/// <c>dropout-sweep init</c>, through the executable: the sweep file it writes for a CSV (label column, classes, features as
/// the test wrote them) passes the schema and the dry run, and runs to a report; the spiral starter; and nothing is
/// replaced without <c>--force</c>.
/// </summary>
[Collection(ExecutableCollection.Name)]
public sealed class InitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_csv_gets_a_sweep_file_that_passes_the_schema_and_the_dry_run_and_runs_to_a_report()
    {
        using var folder = new ScratchFolder();
        Directory.CreateDirectory(folder["data"]);
        await File.WriteAllTextAsync(folder["data/flowers.csv"], Flowers(), TestContext.Current.CancellationToken);

        using var init = await SweepProcess.RunAsync(folder.Path, s_timeout, "init", "--csv", "data/flowers.csv");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("150 rows, 4 features, 3 classes (setosa, versicolor, virginica)", init.Output);
        Assert.Contains("Label column 'species': the only column that holds text", init.Output);
        Assert.Contains("= 18 trials", init.Output);
        Assert.Contains("Estimated duration: about", init.Output);
        Assert.Empty(SweepSchemaValidationTests.Problems(folder["sweep.json"]));
        Assert.Equal(SweepSchemaValidationTests.Shipped, await File.ReadAllTextAsync(folder["sweep.schema.json"], TestContext.Current.CancellationToken));
        var sweep = JsonNode.Parse(await File.ReadAllTextAsync(folder["sweep.json"], TestContext.Current.CancellationToken))!;
        Assert.Equal("sweep.schema.json", (string?)sweep["$schema"]);
        Assert.Equal("data/flowers.csv", (string?)sweep["Sweep"]!["Dataset"]!["Path"]); // relative to the sweep file
        Assert.Equal("flowers", (string?)sweep["Sweep"]!["Name"]);

        using var dryRun = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "sweep.json", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("Sweep flowers: 18 trials", dryRun.Output);
        Assert.Contains("4 features, 3 classes", dryRun.Output);

        using var run = await SweepProcess.RunAsync(folder.Path, s_timeout, "run", "--config", "sweep.json", "--no-progress");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(folder["results/flowers/report.md"]), run.ToString());
    }

    [Fact]
    public async Task Without_a_text_column_the_last_column_is_the_label_and_init_says_so_and_label_names_another()
    {
        using var folder = new ScratchFolder();
        // Classes 0, 1 in the last column; column "group" (first) holds 1, 2, 3, 4 cycling: four classes when named.
        var csv = new StringBuilder("group,x,y,class\n");
        for (var i = 0; i < 40; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{(i % 4) + 1},{i * 0.5},{(i % 7) - 3},{i % 2}\n");
        }

        await File.WriteAllTextAsync(folder["numbers.csv"], csv.ToString(), TestContext.Current.CancellationToken);

        using var last = await SweepProcess.RunAsync(folder.Path, s_timeout, "init", "--csv", "numbers.csv", "--out", "last.json");
        using var named = await SweepProcess.RunAsync(folder.Path, s_timeout, "init", "--csv", "numbers.csv", "--label", "group", "--out", "named.json");

        Assert.True(last.ExitCode == 0, last.ToString());
        Assert.Contains("3 features, 2 classes", last.Output);
        Assert.Contains("Label column 'class': the last column: every column holds numbers", last.Output);
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Contains("3 features, 4 classes", named.Output);
        Assert.Contains("Label column 'group': named by --label", named.Output);
        Assert.Empty(SweepSchemaValidationTests.Problems(folder["named.json"]));
    }

    [Fact]
    public async Task Without_csv_init_writes_the_spiral_starter_which_passes_the_schema_and_the_dry_run()
    {
        using var folder = new ScratchFolder();

        using var init = await SweepProcess.RunAsync(folder.Path, s_timeout, "init");
        using var dryRun = await SweepProcess.RunAsync(folder.Path, s_timeout, "--config", "sweep.json", "--dry-run");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("the spiral starter", init.Output);
        Assert.Empty(SweepSchemaValidationTests.Problems(folder["sweep.json"]));
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("Data: spiral", dryRun.Output);
    }

    [Fact]
    public async Task An_existing_file_is_never_replaced_without_force()
    {
        using var folder = new ScratchFolder();
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(folder["sweep.json"], "my own sweep", ct);
        await File.WriteAllTextAsync(folder["other.json"], "another", ct);
        await File.WriteAllTextAsync(folder["sweep.schema.json"], "an older schema", ct);

        using var refused = await SweepProcess.RunAsync(folder.Path, s_timeout, "init");
        using var schemaRefused = await SweepProcess.RunAsync(folder.Path, s_timeout, "init", "--out", "new.json");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("--out = 'sweep.json': the file exists; give --force", refused.Error);
        Assert.True(schemaRefused.ExitCode == 2, schemaRefused.ToString());
        Assert.Contains("sweep.schema.json: exists and is not this version's schema", schemaRefused.Error);
        Assert.Equal("my own sweep", await File.ReadAllTextAsync(folder["sweep.json"], ct));
        Assert.Equal("an older schema", await File.ReadAllTextAsync(folder["sweep.schema.json"], ct));
        Assert.False(File.Exists(folder["new.json"]));

        using var forced = await SweepProcess.RunAsync(folder.Path, s_timeout, "init", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Empty(SweepSchemaValidationTests.Problems(folder["sweep.json"]));
        Assert.Equal("another", await File.ReadAllTextAsync(folder["other.json"], ct));
    }

    [Fact]
    public async Task Two_text_columns_without_label_exit_2_and_write_nothing()
    {
        using var folder = new ScratchFolder();
        await File.WriteAllTextAsync(folder["two.csv"], "name,x,kind\na,1,p\nb,2,q\nc,3,p\nd,4,q\n", TestContext.Current.CancellationToken);

        using var process = await SweepProcess.RunAsync(folder.Path, s_timeout, "init", "--csv", "two.csv");

        Assert.True(process.ExitCode == 2, process.ToString());
        Assert.Contains("the columns 'name', 'kind' hold text; name the one that holds the classes with --label COLUMN", process.Error);
        Assert.Equal(["two.csv"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    // Fisher's iris measurements in shape (three species, 50 each, four measurements), drawn around each species' means.
    private static string Flowers()
    {
        var random = new Random(7);
        var text = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        foreach (var (species, means) in new[] { ("setosa", new[] { 5.0, 3.4, 1.5, 0.2 }), ("versicolor", [5.9, 2.8, 4.3, 1.3]), ("virginica", [6.6, 3.0, 5.6, 2.0]) })
        {
            for (var i = 0; i < 50; i++)
            {
                text.AppendJoin(',', means.Select(m => (m + ((random.NextDouble() - 0.5) * 0.6)).ToString("F1", CultureInfo.InvariantCulture)));
                text.Append(',').Append(species).Append('\n');
            }
        }

        return text.ToString();
    }
}
