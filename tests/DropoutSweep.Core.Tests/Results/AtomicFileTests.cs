using DropoutSweep.Core.Results;
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
    public void A_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file()
    {
        var path = _temporary.File("results.csv");
        AtomicFile.WriteAllText(path, "old complete report\n");

        var crash = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new half"u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("disk full", crash.Message);
        Assert.Equal("old complete report\n", File.ReadAllText(path));
        Assert.Equal(["results.csv"], Directory.GetFiles(_temporary.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_sweep_report_writes_the_report_files_and_nothing_else()
    {
        var plan = Plan([0.0, 0.1]);

        var ranking = SweepReport.Write(_temporary.Path, plan, [Completed(plan, 1, 0.5), Completed(plan, 2, 0.6)], Summary());

        Assert.Equal(["curves.csv", "report.md", "results.csv", "results.json"], Directory.GetFiles(_temporary.Path).Select(Path.GetFileName).Order());
        Assert.Equal(ResultsCsvWriter.Format(ranking), File.ReadAllText(_temporary.File("results.csv")));
        Assert.Equal(ResultsJsonWriter.Format(ranking, Summary()), File.ReadAllBytes(_temporary.File("results.json")));
        Assert.Equal(MarkdownReportWriter.Format(ranking, Summary()), File.ReadAllText(_temporary.File("report.md")));
    }
}
