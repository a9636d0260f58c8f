using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using PyMemory.Cli.Html;
using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

/// <summary>A report written by <see cref="HtmlReportWriter"/> and parsed back with AngleSharp, with the chart's
/// polylines mapped back to seconds and bytes through the mapping the SVG states.</summary>
internal sealed class HtmlReportDocument
{
    private HtmlReportDocument(string html, IHtmlDocument document)
    {
        Html = html;
        Document = document;
    }

    public string Html { get; }

    public IHtmlDocument Document { get; }

    public IElement Chart => Document.QuerySelector("svg.timeline") ?? throw new InvalidOperationException("no chart");

    public double SecondsMax => double.Parse(Chart.GetAttribute("data-seconds-max")!, CultureInfo.InvariantCulture);

    public double BytesMax => double.Parse(Chart.GetAttribute("data-bytes-max")!, CultureInfo.InvariantCulture);

    public static HtmlReportDocument Write(RunReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        HtmlReportWriter.Write(text, report);
        return Parse(text.ToString());
    }

    /// <summary>Parses HTML written by <see cref="HtmlReportWriter"/> (for example the file <c>pymem run --html</c> wrote).</summary>
    public static HtmlReportDocument Parse(string html) => new(html, new HtmlParser().ParseDocument(html));

    /// <summary>The polyline of <paramref name="domain"/> as (seconds, bytes) pairs, or null when there is none.</summary>
    public IReadOnlyList<(double Seconds, double Bytes)>? Line(string domain)
    {
        IElement? line = Chart.QuerySelector($"polyline[data-domain='{domain}']");
        if (line is null)
        {
            return null;
        }

        return [.. line.GetAttribute("points")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            string[] xy = pair.Split(',');
            double x = double.Parse(xy[0], CultureInfo.InvariantCulture), y = double.Parse(xy[1], CultureInfo.InvariantCulture);
            return ((x - TimelineChart.PlotLeft) / TimelineChart.PlotWidth * SecondsMax,
                (TimelineChart.PlotTop + TimelineChart.PlotHeight - y) / TimelineChart.PlotHeight * BytesMax);
        })];
    }

    /// <summary>The text of each cell of each body row of the table matched by <paramref name="selector"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows(string selector) =>
        [.. (Document.QuerySelector(selector) ?? throw new InvalidOperationException($"no {selector}"))
            .QuerySelectorAll("tbody tr")
            .Select(row => (IReadOnlyList<string>)[.. row.QuerySelectorAll("td").Select(cell => cell.TextContent)])];
}
