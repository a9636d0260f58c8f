using System.Globalization;
using System.Net;
using System.Text;
using PyMemory.Cli.Reports;

namespace PyMemory.Cli.Html;

/// <summary>Writes a run's report as one self-contained HTML file: inline CSS, no scripts, nothing loaded from
/// elsewhere (a Content-Security-Policy forbids it too): the run's outcome, live bytes per domain over time as an SVG
/// chart, the per-domain table, the top allocation sites, what was alive at exit, the budget and the size histograms.
/// Every text that comes from the run (file names, functions, tracebacks, arguments) is HTML-encoded.</summary>
internal static class HtmlReportWriter
{
    /// <summary>Writes <paramref name="report"/> as HTML.</summary>
    /// <param name="writer">Where the HTML goes.</param>
    /// <param name="report">The run's report.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="report"/> is null.</exception>
    public static void Write(TextWriter writer, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>pymem report: ").Append(Encode(Path.GetFileName(report.Script))).Append("</title>\n");
        html.Append("<style>\n").Append(ReportStyles.Css).Append("\n</style>\n</head>\n<body>\n");

        WriteSummary(html, report);
        html.Append("<h2>Live bytes per domain</h2>\n");
        TimelineChart.Write(html, report.Timeline);
        WriteDomains(html, report.Domains);
        WriteSites(html, "Top allocation sites", "top-sites", report.TopSites, report.SampleIntervalBytes);
        WriteSites(html, "Still alive when the script returned", "alive-at-exit", report.AliveAtExit, report.SampleIntervalBytes);
        WriteBudget(html, report.Budget);
        WriteHistograms(html, report.Histograms);

        html.Append("<footer>Written by pymem (PyMemory). Figures are PyMemory's tracker's, read when the script returned; ")
            .Append("site figures are estimates scaled from samples taken every ")
            .Append(Encode(SizeText.Format(report.SampleIntervalBytes))).Append(" allocated on average. ")
            .Append("This file loads nothing from elsewhere.</footer>\n</body>\n</html>\n");
        writer.Write(html.ToString());
    }

    private static void WriteSummary(StringBuilder html, RunReport report)
    {
        html.Append("<h1>pymem report</h1>\n<div class=\"script\">").Append(Encode(report.Script));
        foreach (string argument in report.Arguments)
        {
            html.Append(' ').Append(Encode(argument));
        }

        html.Append("</div>\n<dl class=\"summary\">\n");
        Item(html, "Outcome", $"<span class=\"outcome-{report.Outcome}\">{Encode(OutcomeText(report.Outcome))}</span>");
        Item(html, "Exit code", Encode(report.ExitCode.ToString(CultureInfo.InvariantCulture)));
        Item(html, "Wall time", Encode(report.WallTimeSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s"));
        Item(html, "Started", Encode(report.StartedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)));
        Item(html, "Python", Encode($"{report.Python.Version} ({report.Python.LibraryPath})"));
        Item(html, "Chosen because", Encode(report.Python.ChosenBecause));
        Item(html, "Allocator", Encode(report.Python.Allocator + (report.Python.DebugHooks ? ", debug hooks on" : "")));
        Item(html, "Sample interval", Encode(SizeText.Format(report.SampleIntervalBytes)));
        if (report.FailNth is long failNth)
        {
            Item(html, "Fault injection", Encode($"allocation {failNth.ToString(CultureInfo.InvariantCulture)} made to fail"));
        }

        html.Append("</dl>\n");
        if (report.Error is { Length: > 0 } error)
        {
            html.Append("<h2>Python error</h2>\n<pre class=\"error\">").Append(Encode(error)).Append("</pre>\n");
        }
    }

    private static void WriteDomains(StringBuilder html, IReadOnlyList<DomainReport> domains)
    {
        html.Append("<h2>Per domain</h2>\n<table class=\"domains\">\n<thead><tr><th class=\"text\">Domain</th><th>Live</th><th>Live blocks</th>")
            .Append("<th>Peak</th><th>Allocations</th><th>Frees</th><th>Reallocations</th><th>Allocated</th><th>Freed</th>")
            .Append("<th>Failed</th><th>Rejected</th><th>Injected faults</th></tr></thead>\n<tbody>\n");
        foreach (DomainReport d in domains)
        {
            html.Append("<tr><td class=\"text\">").Append(Encode(d.Domain)).Append("</td>");
            Cell(html, SizeText.Format(d.LiveBytes));
            Cell(html, Count(d.LiveBlocks));
            Cell(html, SizeText.Format(d.PeakBytes));
            Cell(html, Count(d.Allocations));
            Cell(html, Count(d.Frees));
            Cell(html, Count(d.Reallocations));
            Cell(html, SizeText.Format(d.AllocatedBytes));
            Cell(html, SizeText.Format(d.FreedBytes));
            Cell(html, Count(d.Failed));
            Cell(html, Count(d.Rejected));
            Cell(html, Count(d.InjectedFaults));
            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void WriteSites(StringBuilder html, string title, string cssClass, IReadOnlyList<SiteReport> sites, long sampleInterval)
    {
        html.Append("<h2>").Append(Encode(title)).Append("</h2>\n");
        if (sites.Count == 0)
        {
            html.Append("<p class=\"muted ").Append(cssClass).Append("\">No sampled site (one allocation in about ")
                .Append(Encode(SizeText.Format(sampleInterval))).Append(" is sampled).</p>\n");
            return;
        }

        html.Append("<table class=\"sites ").Append(cssClass).Append("\">\n<thead><tr><th>#</th><th>Allocated (est.)</th><th>Live (est.)</th>")
            .Append("<th>Live blocks (est.)</th><th>Samples</th><th class=\"text\">Domains</th><th class=\"text\">Python stack, innermost first</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < sites.Count; i++)
        {
            SiteReport site = sites[i];
            html.Append("<tr>");
            Cell(html, (i + 1).ToString(CultureInfo.InvariantCulture));
            Cell(html, SizeText.Format(site.EstimatedAllocatedBytes));
            Cell(html, SizeText.Format(site.EstimatedLiveBytes));
            Cell(html, Count(site.EstimatedLiveBlocks));
            Cell(html, Count(site.Samples));
            html.Append("<td class=\"text\">").Append(Encode(string.Join(", ", site.Domains))).Append("</td><td class=\"stack\">");
            if (site.Frames.Count == 0)
            {
                html.Append("<span class=\"muted\">(no Python code running)</span>");
            }

            for (int f = 0; f < site.Frames.Count; f++)
            {
                FrameReport frame = site.Frames[f];
                html.Append(f == 0 ? "" : "<br>").Append(Encode($"{frame.File}:{frame.Line.ToString(CultureInfo.InvariantCulture)} in {frame.Function}"));
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void WriteBudget(StringBuilder html, BudgetReport? budget)
    {
        if (budget is null)
        {
            return;
        }

        html.Append("<h2>Budget</h2>\n<dl class=\"summary budget\">\n");
        Item(html, "Total", Encode(Limit(budget.TotalBytes)));
        Item(html, "RAW", Encode(Limit(budget.RawBytes)));
        Item(html, "MEM", Encode(Limit(budget.MemBytes)));
        Item(html, "OBJ", Encode(Limit(budget.ObjBytes)));
        Item(html, "Allocations refused", Encode(Count(budget.Rejections)));
        html.Append("</dl>\n");
    }

    private static void WriteHistograms(StringBuilder html, IReadOnlyList<HistogramReport> histograms)
    {
        if (histograms.Count == 0)
        {
            return;
        }

        html.Append("<h2>Block sizes</h2>\n");
        foreach (HistogramReport histogram in histograms)
        {
            long most = histogram.Buckets.Count > 0 ? histogram.Buckets.Max(b => b.Count) : 0;
            html.Append("<table class=\"histogram\" data-domain=\"").Append(Encode(histogram.Domain)).Append("\">\n<caption>")
                .Append(Encode(histogram.Domain)).Append("</caption>\n<thead><tr><th>Size</th><th>Allocations</th><th class=\"text\"></th></tr></thead>\n<tbody>\n");
            foreach (HistogramBucket bucket in histogram.Buckets)
            {
                double width = most > 0 ? 200.0 * bucket.Count / most : 0;
                html.Append("<tr>");
                Cell(html, $"{SizeText.Format(bucket.LowerBytes)} - {SizeText.Format(bucket.UpperBytes)}");
                Cell(html, Count(bucket.Count));
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"text\"><span class=\"bar\" style=\"width: {width:0.#}px\"></span></td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }
    }

    private static string OutcomeText(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Completed => "completed",
        RunOutcome.ScriptError => "the script raised an exception",
        RunOutcome.BudgetExceeded => "stopped by the budget (MemoryError)",
        RunOutcome.Interrupted => "interrupted",
        _ => outcome.ToString(),
    };

    private static void Item(StringBuilder html, string name, string encodedValue) =>
        html.Append("<dt>").Append(Encode(name)).Append("</dt><dd>").Append(encodedValue).Append("</dd>\n");

    private static void Cell(StringBuilder html, string text) => html.Append("<td>").Append(Encode(text)).Append("</td>");

    private static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Limit(long? bytes) => bytes is long b ? SizeText.Format(b) : "none";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
