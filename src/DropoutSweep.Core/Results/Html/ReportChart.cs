using System.Globalization;
using System.Text;
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
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteSvg(text);
        return text.ToString();
    }

    /// <summary>Writes <see cref="Svg"/> to <paramref name="page"/>, without holding the rewritten text whole (a chart of 4,000 points is megabytes).</summary>
    public void WriteSvg(TextWriter page) => WriteSvg(page, new SvgBuffers());

    /// <summary><see cref="WriteSvg(TextWriter)"/> with the buffers the page's charts share.</summary>
    internal void WriteSvg(TextWriter page, SvgBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(buffers);
        buffers.Bytes.SetLength(0);
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), buffers.Bytes))
        {
            _figure.Render(canvas, new PixelRect(0, Width, Height, 0));
        }

        // One pass over the text: the XML declaration and Skia's <svg> opening give way to ours, and every id and
        // reference to one is prefixed with the chart's id, because every inline SVG shares the page's id space and Skia
        // numbers clip paths and images from 0 in each chart. Trailing white space is left out.
        var svg = buffers.Decode();
        var (position, end) = (0, svg.Length);
        foreach (var opening in SvgOpening().EnumerateMatches(svg))
        {
            position = opening.Index + opening.Length;
            break;
        }

        page.Write("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 ");
        page.Write(Width.ToString(CultureInfo.InvariantCulture));
        page.Write(' ');
        page.Write(Height.ToString(CultureInfo.InvariantCulture));
        page.Write("\" role=\"img\" aria-label=\"");
        page.Write(System.Net.WebUtility.HtmlEncode(Title));
        page.Write("\">");
        foreach (var match in IdOrReference().EnumerateMatches(svg, position))
        {
            // ` id="name"` becomes ` id="<chart>-name"`, `url(#name)` `url(#<chart>-name)` and `href="#name"` `href="#<chart>-name"`.
            var reference = svg.Slice(match.Index, match.Length);
            var name = (char.IsWhiteSpace(reference[0]) ? reference.IndexOf('"') : reference.IndexOf('#')) + 1;
            page.Write(svg[position..(match.Index + name)]);
            page.Write(Id);
            page.Write('-');
            position = match.Index + name;
        }

        // A match ends in '"' or ')', so only the text after the last one can end in white space.
        while (end > position && char.IsWhiteSpace(svg[end - 1]))
        {
            end--;
        }

        page.Write(svg[position..end]);
    }

    /// <summary>Writes the chart as PNG, at its width and height, to <paramref name="stream"/>.</summary>
    public void WritePng(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        _figure.Render(surface.Canvas, new PixelRect(0, Width, Height, 0));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        stream.Write(data.AsSpan());
    }

    [GeneratedRegex(@"\sid=""[^""]+""|url\(#[^)]+\)|href=""#[^""]+""")]
    private static partial Regex IdOrReference();

    [GeneratedRegex(@"<svg\b[^>]*>")]
    private static partial Regex SvgOpening();

    /// <summary>
    /// The SVG bytes Skia writes and their text, reused by the charts of one page: a chart's SVG is megabytes, and fresh
    /// buffers for each were large-object-heap garbage that only a full collection frees.
    /// </summary>
    internal sealed class SvgBuffers
    {
        private char[] _text = [];

        public MemoryStream Bytes { get; } = new();

        /// <summary>The UTF-8 in <see cref="Bytes"/> as text.</summary>
        public ReadOnlySpan<char> Decode()
        {
            var bytes = Bytes.GetBuffer().AsSpan(0, (int)Bytes.Length);
            var length = Encoding.UTF8.GetCharCount(bytes);
            if (_text.Length < length)
            {
                _text = new char[length];
            }

            return _text.AsSpan(0, Encoding.UTF8.GetChars(bytes, _text));
        }
    }
}
