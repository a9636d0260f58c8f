using System.Globalization;
using System.Net;
using System.Text;
using PyMemory.Cli.Reports;

namespace PyMemory.Cli.Html;

/// <summary>
/// Live bytes per domain over the run as an inline SVG line chart: one polyline per domain (with a dot per point when
/// there are few), axes with round ticks in seconds and binary byte units, grid lines and a legend. The SVG carries the
/// mapping it used (<c>data-seconds-max</c>, <c>data-bytes-max</c> and the plot rectangle), so that the points can be
/// read back.
/// </summary>
internal static class TimelineChart
{
    /// <summary>The chart's size in CSS pixels.</summary>
    public const int Width = 960, Height = 380;

    /// <summary>The plot area inside the chart (room for the axis labels and the legend around it).</summary>
    public const int PlotLeft = 80, PlotTop = 40, PlotWidth = 850, PlotHeight = 290;

    /// <summary>The plot rectangle's border: a blue-grey, unlike the neutral greys of text, so that a screenshot's plot
    /// area can be found by it.</summary>
    public const string PlotBorder = "#9aa4b1";

    /// <summary>At most this many points per line; longer timelines keep each bucket's lowest and highest point, so
    /// peaks survive.</summary>
    public const int MaxPoints = 2000;

    /// <summary>The domains, their labels and line colours (Tableau's, distinct for the common colour-vision
    /// deficiencies and on white).</summary>
    public static readonly IReadOnlyList<(string Domain, string Label, string Color)> Series =
    [
        ("raw", "RAW (PyMem_Raw*)", "#1f77b4"),
        ("mem", "MEM (PyMem_*)", "#ff7f0e"),
        ("obj", "OBJ (PyObject_*)", "#2ca02c"),
    ];

    /// <summary>Writes the chart of <paramref name="timeline"/> (points with a negative or non-finite time are left
    /// out) as an <c>svg</c> element.</summary>
    public static void Write(StringBuilder html, IReadOnlyList<TimelinePoint> timeline)
    {
        List<TimelinePoint> points = [.. timeline.Where(p => double.IsFinite(p.Seconds) && p.Seconds >= 0).OrderBy(p => p.Seconds)];
        double lastSecond = points.Count > 0 ? points[^1].Seconds : 0;
        long highest = points.Count > 0 ? points.Max(p => Math.Max(p.RawBytes, Math.Max(p.MemBytes, p.ObjBytes))) : 0;
        IReadOnlyList<double> secondTicks = NiceTicks.UpTo(lastSecond, 8, 1);
        IReadOnlyList<double> byteTicks = NiceTicks.UpTo(highest, 5, SizeText.UnitFor(highest / 5.0));
        double secondsMax = secondTicks[^1], bytesMax = byteTicks[^1];

        html.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"Live bytes per domain over time\" data-seconds-max=\"{Number(secondsMax)}\" data-bytes-max=\"{Number(bytesMax)}\">\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"plot\" x=\"{PlotLeft}\" y=\"{PlotTop}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"#ffffff\"/>\n");

        foreach (double tick in byteTicks)
        {
            double y = Y(tick, bytesMax);
            html.Append(CultureInfo.InvariantCulture,
                $"<line class=\"grid\" x1=\"{PlotLeft}\" y1=\"{Number(y)}\" x2=\"{PlotLeft + PlotWidth}\" y2=\"{Number(y)}\" stroke=\"#e5e5e5\"/>");
            html.Append(CultureInfo.InvariantCulture,
                $"<text class=\"tick y\" x=\"{PlotLeft - 8}\" y=\"{Number(y + 4)}\" text-anchor=\"end\">{Encode(SizeText.Format(tick))}</text>\n");
        }

        foreach (double tick in secondTicks)
        {
            double x = X(tick, secondsMax);
            html.Append(CultureInfo.InvariantCulture,
                $"<line class=\"grid\" x1=\"{Number(x)}\" y1=\"{PlotTop}\" x2=\"{Number(x)}\" y2=\"{PlotTop + PlotHeight}\" stroke=\"#f0f0f0\"/>");
            html.Append(CultureInfo.InvariantCulture,
                $"<text class=\"tick x\" x=\"{Number(x)}\" y=\"{PlotTop + PlotHeight + 18}\" text-anchor=\"middle\">{Number(tick)} s</text>\n");
        }

        // The border after the grid, so that the grid lines at the axes' ends do not cover it.
        html.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"plot-border\" x=\"{PlotLeft}\" y=\"{PlotTop}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"{PlotBorder}\"/>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<text class=\"axis-title\" x=\"{PlotLeft + (PlotWidth / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\">seconds since the script started</text>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"{-(PlotTop + (PlotHeight / 2))}\" y=\"16\" text-anchor=\"middle\">live bytes</text>\n");

        if (points.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<text class=\"empty\" x=\"{PlotLeft + (PlotWidth / 2)}\" y=\"{PlotTop + (PlotHeight / 2)}\" text-anchor=\"middle\">No samples: the script ended before the first one.</text>\n");
        }

        List<TimelinePoint> drawn = Thin(points);
        foreach ((string domain, string _, string color) in Series)
        {
            var coordinates = new StringBuilder();
            foreach (TimelinePoint point in drawn)
            {
                coordinates.Append(CultureInfo.InvariantCulture, $"{Number(X(point.Seconds, secondsMax))},{Number(Y(Bytes(point, domain), bytesMax))} ");
            }

            if (drawn.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<polyline class=\"series\" data-domain=\"{domain}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\" stroke-linejoin=\"round\" points=\"{coordinates.ToString().TrimEnd()}\"/>\n");
            }

            if (drawn.Count is > 0 and <= 60)
            {
                // Few points: a dot on each, so that a single sample still shows.
                foreach (TimelinePoint point in drawn)
                {
                    html.Append(CultureInfo.InvariantCulture,
                        $"<circle class=\"dot\" data-domain=\"{domain}\" cx=\"{Number(X(point.Seconds, secondsMax))}\" cy=\"{Number(Y(Bytes(point, domain), bytesMax))}\" r=\"3.5\" fill=\"{color}\"/>");
                }

                html.Append('\n');
            }
        }

        int legendX = PlotLeft;
        foreach ((string domain, string label, string color) in Series)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<g class=\"legend\" data-domain=\"{domain}\"><rect x=\"{legendX}\" y=\"14\" width=\"18\" height=\"10\" fill=\"{color}\"/><text x=\"{legendX + 24}\" y=\"24\">{Encode(label)}</text></g>\n");
            legendX += 190;
        }

        html.Append("</svg>\n");
    }

    /// <summary>The x coordinate of a time.</summary>
    public static double X(double seconds, double secondsMax) => PlotLeft + (seconds / secondsMax * PlotWidth);

    /// <summary>The y coordinate of a byte count.</summary>
    public static double Y(double bytes, double bytesMax) => PlotTop + PlotHeight - (Math.Max(0, bytes) / bytesMax * PlotHeight);

    private static long Bytes(TimelinePoint point, string domain) => domain switch
    {
        "raw" => point.RawBytes,
        "mem" => point.MemBytes,
        _ => point.ObjBytes,
    };

    /// <summary>At most <see cref="MaxPoints"/> points: each of <c>MaxPoints / 2</c> buckets keeps the points where the
    /// total is lowest and highest, in time order.</summary>
    private static List<TimelinePoint> Thin(List<TimelinePoint> points)
    {
        if (points.Count <= MaxPoints)
        {
            return points;
        }

        int buckets = MaxPoints / 2;
        var kept = new List<TimelinePoint>(MaxPoints);
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * points.Count / buckets), end = (int)((long)(b + 1) * points.Count / buckets);
            int low = start, high = start;
            for (int i = start; i < end; i++)
            {
                if (Total(points[i]) < Total(points[low]))
                {
                    low = i;
                }

                if (Total(points[i]) > Total(points[high]))
                {
                    high = i;
                }
            }

            kept.Add(points[Math.Min(low, high)]);
            if (low != high)
            {
                kept.Add(points[Math.Max(low, high)]);
            }
        }

        return kept;
    }

    private static double Total(TimelinePoint p) => (double)p.RawBytes + p.MemBytes + p.ObjBytes;

    private static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
