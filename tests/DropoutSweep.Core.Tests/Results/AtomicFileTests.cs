using DropoutSweep.Core.Results;
using DropoutSweep.Tests.Support;
using Xunit;
using static DropoutSweep.Core.Tests.Results.ResultsFixtures;

namespace DropoutSweep.Core.Tests.Results;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TemporaryFolder _temporary = new("dropout-sweep-atomic-");

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public void A_file_is_created_and_then_replaced_whole()
    {
        var path = _temporary.File("report.md");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second, longer");

        Assert.Equal("second, longer", File.ReadAllText(path));
        Assert.Equal(["report.md"], Directory.GetFiles(_temporary.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file_and_names_the_file()
    {
        var path = _temporary.File("results.csv");
        AtomicFile.WriteAllText(path, "old complete report\n");
        var diskFull = new IOException("disk full");

        var crash = Assert.Throws<OutputFileException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new half"u8);
            throw diskFull;
        }));

        Assert.Equal($"cannot write {path}: disk full", crash.Message);
        Assert.Same(diskFull, crash.InnerException);
        Assert.Equal("old complete report\n", File.ReadAllText(path));
        Assert.Equal(["results.csv"], Directory.GetFiles(_temporary.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_bug_in_the_writer_comes_out_as_it_was_thrown()
    {
        var path = _temporary.File("report.md");
        var bug = new InvalidOperationException("the writer's own bug");

        var thrown = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw bug));

        Assert.Same(bug, thrown);
        Assert.Empty(Directory.GetFiles(_temporary.Path));
    }

    [Fact]
    public void On_a_full_disk_the_first_failure_reaches_the_caller_and_is_not_replaced_by_the_clean_up()
    {
        using var disk = SmallDisk.Mount(kilobytes: 64);
        disk.Fill();
        var path = disk["report.md"];
        Exception? first = null;

        // The writer writes a little (which a buffered stream would only keep in memory), then fails by itself.
        var thrown = Assert.ThrowsAny<Exception>(() => AtomicFile.Write(path, stream =>
        {
            try
            {
                stream.Write(new byte[100]);
            }
            catch (IOException error)
            {
                first = error;
                throw;
            }

            first = new InvalidOperationException("the writer's own bug");
            throw first;
        }));

        // Either the write itself failed (reported, naming the file) or the writer's exception came out unchanged; never
        // an error from flushing or deleting afterwards in its place.
        Assert.NotNull(first);
        Assert.Same(first, thrown is OutputFileException ? thrown.InnerException : thrown);
        Assert.False(File.Exists(path));
        Assert.Equal(["filler"], Directory.GetFiles(disk.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_full_disk_is_reported_naming_the_file_and_the_systems_message()
    {
        using var disk = SmallDisk.Mount(kilobytes: 64);
        var path = disk["plan.json"];
        AtomicFile.WriteAllText(path, "the plan before");
        disk.Fill();

        var full = Assert.Throws<OutputFileException>(() => AtomicFile.WriteAllText(path, new string('x', 10_000)));

        Assert.Equal($"cannot write {path}: No space left on device", full.Message);
        Assert.Equal("the plan before", File.ReadAllText(path));
    }

    [Fact]
    public void A_folder_is_synced_and_a_folder_that_cannot_be_opened_is_an_error_naming_it()
    {
        FolderSync.Flush(_temporary.Path);
        var missing = _temporary.File("missing");

        var error = Assert.Throws<IOException>(() => FolderSync.Flush(missing));

        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("No such file or directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sweep_report_writes_the_report_files_and_nothing_else()
    {
        var plan = Plan([0.0, 0.1]);

        var ranking = SweepReport.Write(_temporary.Path, plan, [Completed(plan, 1, 0.5), Completed(plan, 2, 0.6)], Summary());

        Assert.Equal(["curves.csv", "report.html", "report.md", "results.csv", "results.json"], Directory.GetFiles(_temporary.Path).Select(Path.GetFileName).Order());
        Assert.Equal(ResultsCsvWriter.Format(ranking), File.ReadAllText(_temporary.File("results.csv")));
        Assert.Equal(ResultsJsonWriter.Format(ranking, Summary()), File.ReadAllBytes(_temporary.File("results.json")));

        // report.md is the writer's text with the charts written to charts/ linked, each once.
        var charts = Directory.GetFiles(_temporary.File("charts")).Select(file => $"charts/{Path.GetFileName(file)}").Order().ToArray();
        var markdown = File.ReadAllText(_temporary.File("report.md"));
        var linked = System.Text.RegularExpressions.Regex.Matches(markdown, @"!\[[^\]]*\]\(([^)]+)\)").Select(m => m.Groups[1].Value).Order().ToArray();
        Assert.NotEmpty(charts);
        Assert.Equal(charts, linked);
        Assert.StartsWith(MarkdownReportWriter.Format(ranking, Summary()).Split("## Run")[0], markdown);
    }
}
