namespace DropoutSweep.Core.Results.Html;

/// <summary>report.html's text and the charts in it (for <c>charts/</c> and report.md's links).</summary>
public sealed record RenderedReport(string Html, IReadOnlyList<ReportChart> Charts);
