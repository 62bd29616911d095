using System.Globalization;
using ScottPlot;

namespace DropoutSweep.Core.Results.Html;

/// <summary>The look shared by every chart: font, colours, number formats, log axes and point sampling.</summary>
internal static class ChartStyle
{
    /// <summary>The most points one panel draws; beyond it the trials are sampled evenly (means still use every trial).</summary>
    public const int MaxPoints = 4000;

    /// <summary>Colour of trials and of the best configuration; of the comparison (lowest dropout, training curves).</summary>
    public static readonly Color Primary = Color.FromHex("#1f77b4");

    public static readonly Color Secondary = Color.FromHex("#d62728");

    public static readonly Color Muted = Color.FromHex("#7f7f7f");

    /// <summary>A new panel with the report's font and a white background.</summary>
    public static Plot NewPlot()
    {
        ReportFont.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ReportFont.Family);
        plot.Axes.Title.Label.FontSize = 15;
        plot.Axes.Bottom.Label.FontSize = 13;
        plot.Axes.Left.Label.FontSize = 13;
        return plot;
    }

    /// <summary>A figure of panels in <paramref name="columns"/> columns.</summary>
    public static Multiplot Figure(IReadOnlyList<Plot> panels, int columns)
    {
        // A new Multiplot holds the plot it is given (or a blank one): the first panel.
        var figure = new Multiplot(panels[0]);
        foreach (var panel in panels.Skip(1))
        {
            figure.AddPlot(panel);
        }

        var rows = (panels.Count + columns - 1) / columns;
        figure.Layout = rows == 1 ? new ScottPlot.MultiplotLayouts.Columns()
            : columns == 1 ? new ScottPlot.MultiplotLayouts.Rows()
            : new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        return figure;
    }

    /// <summary>Metrics with four decimals (<c>0.9123</c>).</summary>
    public static string Metric(double value) =>
        double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    public static string Metric(double? value) => value is { } number ? Metric(number) : "—";

    /// <summary>p-values: four decimals, or <c>&lt;0.0001</c>.</summary>
    public static string PValue(double? value) =>
        value switch
        {
            null => "—",
            < 0.0001 => "<0.0001",
            { } p => p.ToString("0.0000", CultureInfo.InvariantCulture),
        };

    /// <summary>A setting's value in few characters: <c>0.1</c>, <c>5e-4</c>, <c>1e+05</c>.</summary>
    public static string Setting(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var magnitude = Math.Abs(value);
        if (magnitude is >= 1e-3 and < 1e5)
        {
            return value.ToString("0.####", CultureInfo.InvariantCulture) is var text && text != "0" ? text : value.ToString("G3", CultureInfo.InvariantCulture);
        }

        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        var mantissa = Math.Round(value / Math.Pow(10, exponent), 2);
        return $"{mantissa.ToString("0.##", CultureInfo.InvariantCulture)}e{exponent.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Percentages with one decimal (<c>42.0 %</c>).</summary>
    public static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Integer(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Axis of log10-transformed values from <paramref name="low"/> to <paramref name="high"/> (both log10): ticks at
    /// whole decades, and at 2 and 5 times them when the range spans under three decades, labelled with the value
    /// (<c>1e-4</c>, <c>0.02</c>); minor ticks at the other multiples.
    /// </summary>
    public static void LogAxis(IAxis axis, double low, double high)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double[] majors = high - low < 3 ? [1, 2, 5] : [1];
        for (var decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high); decade++)
        {
            for (var multiple = 1; multiple <= 9; multiple++)
            {
                var position = Math.Log10(multiple * Math.Pow(10, decade));
                if (position < low - 0.05 || position > high + 0.05)
                {
                    continue;
                }

                if (majors.Contains(multiple))
                {
                    ticks.AddMajor(position, Setting(multiple * Math.Pow(10, decade)));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        axis.TickGenerator = ticks;
    }

    /// <summary>At most <paramref name="max"/> items, evenly spaced through <paramref name="items"/> (all when there are fewer).</summary>
    public static IReadOnlyList<T> Sample<T>(IReadOnlyList<T> items, int max)
    {
        if (items.Count <= max)
        {
            return items;
        }

        var sample = new T[max];
        for (var i = 0; i < max; i++)
        {
            sample[i] = items[(int)((long)i * items.Count / max)];
        }

        return sample;
    }

    /// <summary>Distinct, readable colours for classes and series (Tableau 10).</summary>
    public static Color Category(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}
