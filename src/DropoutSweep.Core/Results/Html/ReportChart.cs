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

        var svg = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        svg = XmlDeclaration().Replace(svg, string.Empty);

        // Every inline SVG shares the page's id space: Skia numbers clip paths and images from 0 in each chart.
        svg = IdAttribute().Replace(svg, match => $"{match.Groups[1].Value}\"{Id}-{match.Groups[2].Value}\"");
        svg = IdReference().Replace(svg, match => $"url(#{Id}-{match.Groups[1].Value})");
        svg = HrefReference().Replace(svg, match => $"{match.Groups[1].Value}=\"#{Id}-{match.Groups[2].Value}\"");
        svg = SvgOpening().Replace(
            svg,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(Title)}\">",
            1);
        return svg.Trim();
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

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex(@"(\sid=)""([^""]+)""")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex IdReference();

    [GeneratedRegex(@"(href)=""#([^""]+)""")]
    private static partial Regex HrefReference();

    [GeneratedRegex(@"<svg\b[^>]*>")]
    private static partial Regex SvgOpening();
}
