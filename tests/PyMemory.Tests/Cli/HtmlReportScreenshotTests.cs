using PyMemory.Cli.Html;
using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

/// <summary>The HTML report as a browser draws it: headless Chromium screenshots it, and the PNG shows each domain's
/// line colour across the chart's width, which a report without a timeline (only the legend's swatches) does not.</summary>
public class HtmlReportScreenshotTests
{
    /// <summary>Set to a path to keep the realistic report's screenshot there (how docs/images/pymem-report.png is made).</summary>
    private const string KeepVariable = "PYMEMORY_KEEP_REPORT_SCREENSHOT";

    [HtmlReportChromiumFact]
    public void The_screenshot_shows_each_domain_line_across_the_chart()
    {
        HtmlReportPng png = Screenshot(HtmlReportSamples.Realistic(), Environment.GetEnvironmentVariable(KeepVariable));

        png.Width.ShouldBe(1200);
        png.Height.ShouldBe(1000);
        foreach ((string domain, _, string color) in TimelineChart.Series)
        {
            (int count, int left, int right) = Find(png, color);
            count.ShouldBeGreaterThan(600, $"{domain}: too few pixels of {color}: the line is not drawn");
            (right - left).ShouldBeGreaterThan(TimelineChart.PlotWidth * 3 / 4, $"{domain}: {color} does not span the chart");
        }
    }

    [HtmlReportChromiumFact]
    public void Without_a_timeline_the_line_colours_appear_only_in_the_legend()
    {
        HtmlReportPng png = Screenshot(HtmlReportSamples.Realistic(timeline: []), keepAt: null);

        foreach ((string domain, _, string color) in TimelineChart.Series)
        {
            (int count, int left, int right) = Find(png, color);
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

    /// <summary>How many pixels are within a small distance of <paramref name="hex"/> (anti-aliasing blurs line
    /// edges), and the leftmost and rightmost of them.</summary>
    private static (int Count, int Left, int Right) Find(HtmlReportPng png, string hex)
    {
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        int count = 0, left = int.MaxValue, right = -1;
        for (int y = 0; y < png.Height; y++)
        {
            for (int x = 0; x < png.Width; x++)
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
