using System.Text;
using ScottPlot;
using SkiaSharp;

namespace DropoutSweep.Core.Results.Html;

/// <summary>
/// The one font of the charts: DejaVu Sans (regular and bold), shipped inside this assembly and given to ScottPlot, so
/// that the PNG files look the same on every machine, and inlined in report.html (an <c>@font-face</c> with a data
/// URL), so that the SVG text, laid out glyph by glyph for these metrics, shows in this font in any browser, offline.
/// </summary>
/// <remarks>
/// The files are Debian's fonts-dejavu-core 2.37 cut to Latin-1, Latin Extended-A, Greek, punctuation, super- and
/// subscripts, arrows and mathematical operators, without hinting (about 70 KB each):
/// <c>python3 -m fontTools.subset DejaVuSans.ttf --unicodes="U+0020-007E,U+00A0-017F,U+0370-03FF,U+2010-2027,U+2030-205E,U+2070-209F,U+20AC,U+2190-2193,U+2200-22FF" --layout-features=kern --no-hinting --drop-tables+=FFTM</c>.
/// Licence: Fonts/LICENSE-DejaVu.txt (Bitstream Vera licence; DejaVu changes public domain), also carried in the page.
/// </remarks>
internal static class ReportFont
{
    /// <summary>The family name inside the font files, which ScottPlot writes into the SVG text.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly byte[] Regular = Resource("DejaVuSans.ttf");
    private static readonly byte[] Bold = Resource("DejaVuSans-Bold.ttf");
    private static readonly Lazy<bool> Registration = new(Register);

    /// <summary>The page's <c>@font-face</c> rules, with the licence the font asks to travel with it.</summary>
    public static string FontFaces { get; } = BuildFontFaces();

    /// <summary>Makes ScottPlot draw <see cref="Family"/> from the shipped files (once per process).</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    private static bool Register()
    {
        Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    }

    private static string BuildFontFaces()
    {
        // The fonts' own paragraph of Debian's copyright file (its header and the packaging's paragraph carry URLs
        // and concern other files).
        var text = Encoding.UTF8.GetString(Resource("LICENSE-DejaVu.txt"));
        var start = text.IndexOf("Files: *", StringComparison.Ordinal);
        var end = text.IndexOf("Files: debian/*", StringComparison.Ordinal);
        var licence = text[start..end].Trim().Replace("*/", "* /", StringComparison.Ordinal);
        return $$"""
            /* The charts' font: DejaVu Sans, subset. {{licence}} */
            @font-face { font-family: "{{Family}}"; font-weight: normal; src: url(data:font/ttf;base64,{{Convert.ToBase64String(Regular)}}) format("truetype"); }
            @font-face { font-family: "{{Family}}"; font-weight: bold; src: url(data:font/ttf;base64,{{Convert.ToBase64String(Bold)}}) format("truetype"); }

            """;
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(ReportFont).Assembly.GetManifestResourceStream($"DropoutSweep.Core.Fonts.{name}")
            ?? throw new InvalidOperationException($"The resource {name} is missing from {typeof(ReportFont).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Answers ScottPlot's requests for <see cref="Family"/> with the shipped files; other names go to the next resolver.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? SKTypeface.FromData(SKData.CreateCopy(bold ? Bold : Regular)) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
