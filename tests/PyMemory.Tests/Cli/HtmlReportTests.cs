using AngleSharp.Dom;
using PyMemory.Cli.Html;
using PyMemory.Cli.Reports;

namespace PyMemory.Tests.Cli;

/// <summary>
/// <see cref="HtmlReportWriter"/>'s output parsed back with AngleSharp: one self-contained file (no script, nothing
/// loaded from elsewhere), the tables hold the report's figures, the chart's lines are the timeline (empty, one point,
/// many points, huge values), and text from Python is encoded, never markup.
/// </summary>
public class HtmlReportTests
{
    [Fact]
    public void The_report_is_self_contained_with_no_script_and_nothing_loaded_from_elsewhere()
    {
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic());

        report.Document.QuerySelectorAll("script").ShouldBeEmpty();
        report.Document.QuerySelectorAll("link, iframe, object, embed, img, image, use, a").ShouldBeEmpty();
        report.Document.All.Where(e => e.Attributes.Any(a => a.LocalName is "src" or "href" || a.LocalName.StartsWith("on", StringComparison.Ordinal)))
            .Select(e => e.OuterHtml).ShouldBeEmpty();
        string css = string.Concat(report.Document.QuerySelectorAll("style").Select(s => s.TextContent));
        css.ShouldNotContain("url(");
        css.ShouldNotContain("@import");
        report.Document.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content").ShouldStartWith("default-src 'none'");
        report.Document.CharacterSet.ShouldBe("utf-8", StringCompareShould.IgnoreCase);
    }

    [Fact]
    public void The_summary_shows_the_outcome_exit_code_wall_time_and_Python()
    {
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic());
        var summary = report.Document.QuerySelectorAll("dl.summary dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!.TextContent);

        summary["Outcome"].ShouldBe("completed");
        summary["Exit code"].ShouldBe("0");
        summary["Wall time"].ShouldBe("6.040 s");
        summary["Python"].ShouldBe("3.12.1 (/root/.pyenv/versions/3.12.1/lib/libpython3.12.so)");
        summary["Allocator"].ShouldBe("pymalloc");
        report.Document.QuerySelector(".script")!.TextContent.ShouldBe("examples/workload.py --rows 200000");
        report.Document.Title.ShouldBe("pymem report: workload.py");
    }

    [Fact]
    public void The_domain_table_has_one_row_per_domain_with_readable_sizes()
    {
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic());
        IReadOnlyList<IReadOnlyList<string>> rows = report.Rows("table.domains");

        rows.Select(r => r[0]).ShouldBe(["raw", "mem", "obj"]);
        rows[0].ShouldBe(["raw", "3.00 MiB", "210", "9.00 MiB", "12,400", "12,190", "320", "58.0 MiB", "55.0 MiB", "0", "0", "0"]);
        rows[2][3].ShouldBe("180 MiB"); // obj's peak
    }

    [Fact]
    public void The_site_tables_show_estimates_domains_and_the_stack()
    {
        RunReport sample = HtmlReportSamples.Realistic();
        HtmlReportDocument report = HtmlReportDocument.Write(sample);
        IReadOnlyList<IReadOnlyList<string>> top = report.Rows("table.top-sites");

        top.Count.ShouldBe(sample.TopSites.Count);
        top[0].ShouldBe(["1", "144 MiB", "12.0 MiB", "98,000", "288", "obj", "examples/workload.py:14 in build_rows" + "examples/workload.py:40 in <module>"]);
        top[1][5].ShouldBe("obj, mem");
        top[2][6].ShouldBe("(no Python code running)");
        report.Rows("table.alive-at-exit").Count.ShouldBe(1);
        report.Document.QuerySelectorAll("table.top-sites tbody tr:first-child td.stack br").Length.ShouldBe(1); // one line per frame
    }

    [Fact]
    public void A_run_without_sampled_sites_says_so()
    {
        RunReport sample = HtmlReportSamples.Realistic() with { TopSites = [], AliveAtExit = [] };
        HtmlReportDocument report = HtmlReportDocument.Write(sample);

        report.Document.QuerySelector("table.top-sites").ShouldBeNull();
        report.Document.QuerySelector("p.top-sites")!.TextContent.ShouldContain("No sampled site");
    }

    [Fact]
    public void Each_domain_line_is_the_timeline()
    {
        RunReport sample = HtmlReportSamples.Realistic();
        HtmlReportDocument report = HtmlReportDocument.Write(sample);

        foreach ((string domain, Func<TimelinePoint, long> bytes) in Domains)
        {
            IReadOnlyList<(double Seconds, double Bytes)> line = report.Line(domain).ShouldNotBeNull();
            line.Count.ShouldBe(sample.Timeline.Count);
            for (int i = 0; i < line.Count; i++)
            {
                line[i].Seconds.ShouldBe(sample.Timeline[i].Seconds, SecondsTolerance(report));
                line[i].Bytes.ShouldBe(bytes(sample.Timeline[i]), BytesTolerance(report));
            }
        }
    }

    [Fact]
    public void The_axes_have_round_human_readable_ticks_and_a_legend_in_the_line_colours()
    {
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic());
        string[] yTicks = [.. report.Chart.QuerySelectorAll("text.tick.y").Select(t => t.TextContent)];
        string[] xTicks = [.. report.Chart.QuerySelectorAll("text.tick.x").Select(t => t.TextContent)];

        yTicks.ShouldBe(["0 B", "50.0 MiB", "100 MiB", "150 MiB", "200 MiB"]); // obj peaks at 180 MiB
        report.BytesMax.ShouldBe(200.0 * 1024 * 1024);
        xTicks.ShouldBe(["0 s", "1 s", "2 s", "3 s", "4 s", "5 s", "6 s"]);
        foreach ((string domain, string label, string color) in TimelineChart.Series)
        {
            IElement legend = report.Chart.QuerySelector($"g.legend[data-domain='{domain}']")!;
            legend.TextContent.ShouldBe(label);
            legend.QuerySelector("rect")!.GetAttribute("fill").ShouldBe(color);
            report.Chart.QuerySelector($"polyline[data-domain='{domain}']")!.GetAttribute("stroke").ShouldBe(color);
        }
    }

    [Fact]
    public void An_empty_timeline_draws_the_axes_and_says_there_are_no_samples()
    {
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic(timeline: []));

        report.Chart.QuerySelectorAll("polyline, circle").ShouldBeEmpty();
        report.Chart.QuerySelector("text.empty")!.TextContent.ShouldContain("No samples");
        report.Chart.QuerySelectorAll("text.tick.y").Select(t => t.TextContent).ShouldBe(["0 B", "1 B"]);
        report.Rows("table.domains").Count.ShouldBe(3); // the rest of the report is there
    }

    [Fact]
    public void A_single_point_is_drawn_as_a_dot_per_domain()
    {
        var point = new TimelinePoint(0, 1024, 2048, 4096);
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic(timeline: [point]));

        foreach ((string domain, Func<TimelinePoint, long> bytes) in Domains)
        {
            report.Line(domain).ShouldNotBeNull().Count.ShouldBe(1);
            report.Line(domain)![0].Bytes.ShouldBe(bytes(point), BytesTolerance(report));
            report.Chart.QuerySelectorAll($"circle[data-domain='{domain}']").Length.ShouldBe(1);
        }
    }

    [Fact]
    public void A_long_timeline_is_thinned_but_keeps_its_peak_and_its_ends()
    {
        TimelinePoint[] timeline = [.. Enumerable.Range(0, 10_000).Select(i => new TimelinePoint(i * 0.01, 1000, 2000, i == 6_543 ? 900_000_000 : 50_000_000 + (i % 7 * 1000)))];
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic(timeline: timeline));
        IReadOnlyList<(double Seconds, double Bytes)> obj = report.Line("obj").ShouldNotBeNull();

        obj.Count.ShouldBeLessThanOrEqualTo(TimelineChart.MaxPoints);
        obj.Count.ShouldBeGreaterThan(TimelineChart.MaxPoints / 2);
        obj.Max(p => p.Bytes).ShouldBe(900_000_000, BytesTolerance(report));
        obj.Single(p => p.Bytes > 800_000_000).Seconds.ShouldBe(65.43, SecondsTolerance(report));
        obj[0].Seconds.ShouldBe(0, SecondsTolerance(report));
        obj[^1].Seconds.ShouldBeGreaterThan(99.9);
        obj.Select(p => p.Seconds).ShouldBeInOrder();
        report.Chart.QuerySelectorAll("circle").ShouldBeEmpty(); // dots only when there are few points
    }

    [Fact]
    public void Huge_values_are_drawn_and_labelled_without_overflow()
    {
        TimelinePoint[] timeline = [new(0, 0, 0, 0), new(1, long.MaxValue, long.MaxValue / 2, 1), new(2.5, long.MaxValue / 4, 0, long.MaxValue)];
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic(timeline: timeline) with
        {
            Domains = [new DomainReport("raw", long.MaxValue, long.MaxValue, long.MaxValue, 1, 0, 0, long.MaxValue, 0, 0, 0, 0)],
        });

        IHtmlCollection<IElement> yTicks = report.Chart.QuerySelectorAll("text.tick.y");
        yTicks[yTicks.Length - 1].TextContent.ShouldBe("8.00 EiB");
        IReadOnlyList<(double Seconds, double Bytes)> raw = report.Line("raw").ShouldNotBeNull();
        raw[1].Bytes.ShouldBe(long.MaxValue, BytesTolerance(report));
        report.Chart.QuerySelector("polyline")!.GetAttribute("points")!.ShouldNotContain("E", Case.Sensitive); // plain coordinates, no exponent
        report.Rows("table.domains")[0][1].ShouldBe("8.00 EiB");
    }

    [Fact]
    public void Points_with_a_negative_or_non_finite_time_are_left_out()
    {
        TimelinePoint[] timeline = [new(double.NaN, 1, 1, 1), new(-1, 1, 1, 1), new(double.PositiveInfinity, 1, 1, 1), new(0.5, 10, 20, 30), new(1, 10, 20, 30)];
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic(timeline: timeline));

        report.Line("obj").ShouldNotBeNull().Select(p => Math.Round(p.Seconds, 3)).ShouldBe([0.5, 1]);
        report.Html.ShouldNotContain("NaN");
        report.Html.ShouldNotContain("Infinity");
    }

    [Fact]
    public void Text_from_Python_is_encoded_and_never_becomes_markup()
    {
        string hostile = HtmlReportSamples.Hostile;
        RunReport sample = HtmlReportSamples.Realistic(script: hostile, error: "Traceback (most recent call last):\n  File \"" + hostile + "\", line 1\nValueError: " + hostile) with
        {
            Arguments = [hostile],
            Python = new PythonReport(hostile, hostile, hostile, hostile, DebugHooks: true),
            TopSites = [new SiteReport(1, 1, 1, 1, [hostile], [new FrameReport(hostile, 7, hostile)])],
            Histograms = [new HistogramReport(hostile, [new HistogramBucket(1, 16, 3)])],
        };
        HtmlReportDocument report = HtmlReportDocument.Write(sample);

        report.Document.QuerySelectorAll("script, img, a").ShouldBeEmpty();
        report.Document.All.Where(e => e.Attributes.Any(a => a.LocalName is "src" or "href" or "onerror")).ShouldBeEmpty();
        report.Document.QuerySelector(".script")!.TextContent.ShouldBe(hostile + " " + hostile);
        report.Document.QuerySelector("pre.error")!.TextContent.ShouldEndWith("ValueError: " + hostile);
        report.Rows("table.top-sites")[0][6].ShouldBe($"{hostile}:7 in {hostile}");
        report.Document.Title.ShouldBe("pymem report: " + Path.GetFileName(hostile));
        report.Document.QuerySelector("table.histogram")!.GetAttribute("data-domain").ShouldBe(hostile);
    }

    [Fact]
    public void The_outcome_of_a_failed_run_and_its_traceback_are_shown()
    {
        HtmlReportDocument report = HtmlReportDocument.Write(HtmlReportSamples.Realistic(error: "Traceback (most recent call last):\nZeroDivisionError: division by zero"));
        var summary = report.Document.QuerySelectorAll("dl.summary dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!.TextContent);

        summary["Outcome"].ShouldBe("the script raised an exception");
        summary["Exit code"].ShouldBe("1");
        report.Document.QuerySelector("pre.error")!.TextContent.ShouldContain("ZeroDivisionError: division by zero");
    }

    [Fact]
    public void Write_refuses_null_arguments()
    {
        using var text = new StringWriter();
        Should.Throw<ArgumentNullException>(() => HtmlReportWriter.Write(null!, HtmlReportSamples.Realistic())).ParamName.ShouldBe("writer");
        Should.Throw<ArgumentNullException>(() => HtmlReportWriter.Write(text, null!)).ParamName.ShouldBe("report");
    }

    private static readonly (string Domain, Func<TimelinePoint, long> Bytes)[] Domains =
        [("raw", p => p.RawBytes), ("mem", p => p.MemBytes), ("obj", p => p.ObjBytes)];

    // Coordinates are written with two decimals: half a hundredth of a pixel, mapped back.
    private static double SecondsTolerance(HtmlReportDocument report) => 0.006 / TimelineChart.PlotWidth * report.SecondsMax;

    private static double BytesTolerance(HtmlReportDocument report) => 0.006 / TimelineChart.PlotHeight * report.BytesMax;
}
