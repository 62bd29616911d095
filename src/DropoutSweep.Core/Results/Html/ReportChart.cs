using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;

namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// One chart of the report: one or more ScottPlot panels side by side (or in a grid), rendered as SVG for report.html
/// and as PNG for <c>charts/</c>, with the numbers it draws.
/// </summary>
public sealed partial class ReportChart
{
    private readonly Multiplot _figure;

    internal ReportChart(string id, string title, string caption, Multiplot figure, int width, int height, ChartTable numbers)
    {
        Id = id;
        Title = title;
        Caption = caption;
        _figure = figure;
        Width = width;
        Height = height;
        Numbers = numbers;
    }

    /// <summary>A name unique in the report, used for the HTML id and the image file (<c>setting-dropout-rate</c>).</summary>
    public string Id { get; }

    public string Title { get; }

    /// <summary>One or two sentences saying what the chart shows and how (plain text).</summary>
    public string Caption { get; }

    public int Width { get; }

    public int Height { get; }

    public ChartTable Numbers { get; }

    /// <summary>The image file for report.md, relative to the output folder (<c>charts/ranking.png</c>).</summary>
    public string ImagePath => $"charts/{Id}.png";

    /// <summary>The chart as an SVG element to inline in HTML: ids made unique by the chart's id, scaled to the page width.</summary>
    public string Svg()
    {
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
        {
            _figure.Render(canvas, new PixelRect(0, Width, Height, 0));
        }

        // One pass over the text (a chart of 4,000 points is megabytes): the XML declaration and Skia's <svg> opening
        // give way to ours, and every id and reference to one is prefixed with the chart's id, because every inline SVG
        // shares the page's id space and Skia numbers clip paths and images from 0 in each chart.
        var svg = System.Text.Encoding.UTF8.GetString(stream.GetBuffer().AsSpan(0, (int)stream.Length));
        var opening = SvgOpening().Match(svg);
        var text = new System.Text.StringBuilder(svg.Length + 256);
        text.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 ")
            .Append(Width).Append(' ').Append(Height).Append("\" role=\"img\" aria-label=\"").Append(System.Net.WebUtility.HtmlEncode(Title)).Append("\">");
        var position = opening.Index + opening.Length;
        foreach (Match match in IdOrReference().Matches(svg, position))
        {
            text.Append(svg, position, match.Index - position);
            var (prefix, name, suffix) = match.Groups["attribute"].Success
                ? (match.Groups["attribute"].Value + "\"", match.Groups["id"].Value, "\"")
                : match.Groups["url"].Success ? ("url(#", match.Groups["url"].Value, ")") : (match.Groups["href"].Value + "=\"#", match.Groups["target"].Value, "\"");
            text.Append(prefix).Append(Id).Append('-').Append(name).Append(suffix);
            position = match.Index + match.Length;
        }

        text.Append(svg, position, svg.Length - position);
        return text.ToString().Trim();
    }

    /// <summary>The chart as PNG bytes, at its width and height.</summary>
    public byte[] Png()
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        _figure.Render(surface.Canvas, new PixelRect(0, Width, Height, 0));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [GeneratedRegex(@"(?<attribute>\sid=)""(?<id>[^""]+)""|url\(#(?<url>[^)]+)\)|(?<href>href)=""#(?<target>[^""]+)""")]
    private static partial Regex IdOrReference();

    [GeneratedRegex(@"<svg\b[^>]*>")]
    private static partial Regex SvgOpening();
}
