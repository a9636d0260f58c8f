using PyMemory.Cli.Reports;

namespace PyMemory.Cli.Html;

/// <summary>Writes a run's report as one self-contained HTML file (no network, no scripts from elsewhere): live bytes
/// per domain over time as an SVG chart, the top sites and the per-domain table.</summary>
internal static class HtmlReportWriter
{
    /// <summary>Writes <paramref name="report"/> as HTML.</summary>
    /// <param name="writer">Where the HTML goes.</param>
    /// <param name="report">The run's report.</param>
    public static void Write(TextWriter writer, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        throw new NotImplementedException("Placeholder: the HTML report lands with issue 9.");
    }
}
