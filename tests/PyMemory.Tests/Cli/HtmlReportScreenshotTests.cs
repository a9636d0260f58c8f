using PyMemory.Cli.Html;
using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

/// <summary>The HTML report as a browser draws it: headless Chromium screenshots it, and the PNG shows each domain's
/// line colour across the plot rectangle (found by its border's colour), which a report without a timeline does not (its
/// colours are only in the legend's swatches, outside the plot).</summary>
public class HtmlReportScreenshotTests
{
    /// <summary>Set to a path to keep the realistic report's screenshot there, to look at it. (docs/images/pymem-report.png is
    /// the same screenshot of a real run: <c>pymem run --html</c> on samples/workloads/memory_story.py.)</summary>
    private const string KeepVariable = "PYMEMORY_KEEP_REPORT_SCREENSHOT";

    [HtmlReportChromiumFact]
    public void The_screenshot_shows_each_domain_line_across_the_chart()
    {
        HtmlReportPng png = Screenshot(HtmlReportSamples.Realistic(), Environment.GetEnvironmentVariable(KeepVariable));

        png.Width.ShouldBe(1200);
        png.Height.ShouldBe(1000);
        (int Left, int Top, int Right, int Bottom) plot = PlotArea(png);
        (plot.Right - plot.Left).ShouldBeInRange(TimelineChart.PlotWidth - 3, TimelineChart.PlotWidth + 3);
        (plot.Bottom - plot.Top).ShouldBeInRange(TimelineChart.PlotHeight - 3, TimelineChart.PlotHeight + 3);
        foreach ((string domain, _, string color) in TimelineChart.Series)
        {
            (int count, int left, int right) = Find(png, color, plot);
            count.ShouldBeGreaterThan(600, $"{domain}: too few pixels of {color} in the plot: the line is not drawn");
            (right - left).ShouldBeGreaterThan(TimelineChart.PlotWidth * 3 / 4, $"{domain}: {color} does not span the plot");
        }
    }

    [HtmlReportChromiumFact]
    public void Without_a_timeline_the_line_colours_appear_only_in_the_legend()
    {
        HtmlReportPng png = Screenshot(HtmlReportSamples.Realistic(timeline: []), keepAt: null);

        (int Left, int Top, int Right, int Bottom) plot = PlotArea(png);
        foreach ((string domain, _, string color) in TimelineChart.Series)
        {
            Find(png, color, plot).Count.ShouldBe(0, $"{domain}: {color} in an empty plot");
            (int count, int left, int right) = Find(png, color, (0, 0, png.Width - 1, png.Height - 1));
            count.ShouldBeGreaterThan(50, $"{domain}: the legend swatch is missing");
            (right - left).ShouldBeLessThan(40, $"{domain}: {color} spans more than the legend swatch");
        }
    }

    private static HtmlReportPng Screenshot(RunReport report, string? keepAt)
    {
        DirectoryInfo folder = Directory.CreateTempSubdirectory("pymem-report-");
        try
        {
            string html = Path.Combine(folder.FullName, "report.html"), png = Path.Combine(folder.FullName, "report.png");
            using (var writer = new StreamWriter(html))
            {
                HtmlReportWriter.Write(writer, report);
            }

            byte[] bytes = HtmlReportChromium.Screenshot(html, png);
            if (keepAt is not null)
            {
                File.Copy(png, keepAt, overwrite: true);
            }

            return HtmlReportPng.Decode(bytes);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The plot rectangle as drawn: the outermost rows and columns that are mostly its border's colour, or
    /// that colour faded towards white (the chart may sit at a fractional offset in the page, so its edges are
    /// anti-aliased). Neutral greys (text) are not on that fade: their channels fade alike.</summary>
    private static (int Left, int Top, int Right, int Bottom) PlotArea(HtmlReportPng png)
    {
        double r = 255 - Convert.ToInt32(TimelineChart.PlotBorder[1..3], 16), g = 255 - Convert.ToInt32(TimelineChart.PlotBorder[3..5], 16), b = 255 - Convert.ToInt32(TimelineChart.PlotBorder[5..7], 16);
        bool Border(int x, int y)
        {
            (byte pr, byte pg, byte pb) = png[x, y];
            double kr = (255 - pr) / r, kg = (255 - pg) / g, kb = (255 - pb) / b;
            return Math.Min(kr, Math.Min(kg, kb)) >= 0.35 && Math.Max(kr, Math.Max(kg, kb)) - Math.Min(kr, Math.Min(kg, kb)) <= 0.06;
        }

        int[] rows = [.. Enumerable.Range(0, png.Height).Where(y => Enumerable.Range(0, png.Width).Count(x => Border(x, y)) >= TimelineChart.PlotWidth / 2)];
        int[] columns = [.. Enumerable.Range(0, png.Width).Where(x => Enumerable.Range(0, png.Height).Count(y => Border(x, y)) >= TimelineChart.PlotHeight / 2)];
        rows.ShouldNotBeEmpty("the plot's border is not in the screenshot");
        columns.ShouldNotBeEmpty("the plot's border is not in the screenshot");
        return (columns[0], rows[0], columns[^1], rows[^1]);
    }

    /// <summary>How many pixels inside <paramref name="area"/> are within a small distance of <paramref name="hex"/>
    /// (anti-aliasing blurs line edges), and the leftmost and rightmost of them.</summary>
    private static (int Count, int Left, int Right) Find(HtmlReportPng png, string hex, (int Left, int Top, int Right, int Bottom) area)
    {
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        int count = 0, left = int.MaxValue, right = -1;
        for (int y = area.Top; y <= area.Bottom; y++)
        {
            for (int x = area.Left; x <= area.Right; x++)
            {
                (byte pr, byte pg, byte pb) = png[x, y];
                if (Math.Abs(pr - r) + Math.Abs(pg - g) + Math.Abs(pb - b) <= 24)
                {
                    count++;
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                }
            }
        }

        return (count, left, right);
    }
}
