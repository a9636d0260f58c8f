using System.Globalization;
using PyMemory.Cli.Options;
using PyMemory.Cli.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PyMemory.Cli.Rendering;

/// <summary>Prints a <see cref="RunReport"/> for people, with Spectre.Console: what ran, how it ended, the per-domain
/// table, the size histogram as a bar chart, the top allocation sites, what was still alive, the budget.</summary>
internal static class ConsoleReportWriter
{
    /// <summary>Writes the report to <paramref name="console"/>.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="report">The report.</param>
    public static void Write(IAnsiConsole console, RunReport report)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold]pymem run[/] {Markup.Escape(report.Script)}").LeftJustified());
        console.MarkupLine(
            $"Python [bold]{Markup.Escape(report.Python.Version)}[/] from {Markup.Escape(report.Python.LibraryPath)} [grey]({Markup.Escape(report.Python.ChosenBecause)})[/]");
        console.MarkupLine(
            $"Allocator [bold]{Markup.Escape(report.Python.Allocator)}[/], debug hooks {(report.Python.DebugHooks ? "[yellow]on[/]" : "off")}; "
            + (report.SampleIntervalBytes > 0 ? $"sampling every {SizeText.Format(report.SampleIntervalBytes)} on average" : "sampling off"));
        console.MarkupLine(Outcome(report));
        console.WriteLine();

        console.Write(DomainTable(report));
        console.WriteLine();

        if (SizeChart(report) is { } chart)
        {
            console.Write(new Rule("Allocations by requested size (all domains)").LeftJustified());
            console.Write(chart);
            console.WriteLine();
        }

        if (report.SampleIntervalBytes > 0)
        {
            console.Write(new Rule("Top allocation sites, by bytes allocated (sampled estimates)").LeftJustified());
            console.Write(SiteTable(report.TopSites, byLive: false));
            console.WriteLine();
            console.Write(new Rule("Still alive when the script returned, by live bytes (sampled estimates)").LeftJustified());
            console.Write(SiteTable(report.AliveAtExit, byLive: true));
            if (report.TopSites.Concat(report.AliveAtExit).Any(s => s.Frames.Count == 0))
            {
                console.MarkupLine("[grey]<no Python frame>: allocated while no Python code ran (the interpreter's start-up, C threads).[/]");
            }

            console.WriteLine();
        }

        if (report.Budget is { } budget)
        {
            console.MarkupLine($"Budget {Markup.Escape(BudgetText(budget))}: [bold]{budget.Rejections:N0}[/] allocation(s) refused.");
        }

        if (report.FailNth is { } nth)
        {
            long injected = report.Domains.Sum(d => d.InjectedFaults);
            console.MarkupLine($"Fault injection: allocation #{nth:N0} of the script set to fail; {injected:N0} allocation(s) failed on purpose.");
        }
    }

    /// <summary>The budget in words: <c>total 256 MiB, obj 64 MiB</c>.</summary>
    /// <param name="budget">The budget.</param>
    /// <returns>The text.</returns>
    internal static string BudgetText(BudgetReport budget)
    {
        var parts = new List<string>();
        Add("total", budget.TotalBytes);
        Add("raw", budget.RawBytes);
        Add("mem", budget.MemBytes);
        Add("obj", budget.ObjBytes);
        return string.Join(", ", parts);

        void Add(string name, long? bytes)
        {
            if (bytes is { } b)
            {
                parts.Add($"{name} {SizeText.Format(b)}");
            }
        }
    }

    /// <summary>A size bucket's label: <c>0 B</c>, <c>16-31 B</c>, <c>64-128 KiB</c> (upper bound rounded up to the
    /// unit), <c>1 GiB or more</c>.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <returns>The label.</returns>
    internal static string BucketLabel(HistogramBucket bucket)
    {
        if (bucket.UpperBytes == long.MaxValue)
        {
            return $"{Trimmed(SizeText.Format(bucket.LowerBytes))} or more";
        }

        if (bucket.LowerBytes == bucket.UpperBytes)
        {
            return Trimmed(SizeText.Format(bucket.LowerBytes));
        }

        if (bucket.UpperBytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bucket.LowerBytes}-{bucket.UpperBytes} B");
        }

        // 1024-2047 B reads better as "1-2 KiB": the bounds are powers of two, so one unit fits both.
        string lower = SizeText.Format(bucket.LowerBytes);
        string upper = SizeText.Format(bucket.UpperBytes + 1);
        string[] l = lower.Split(' ');
        string[] u = upper.Split(' ');
        return l[1] == u[1] ? $"{Trim(l[0])}-{Trim(u[0])} {u[1]}" : $"{Trim(l[0])} {l[1]}-{Trim(u[0])} {u[1]}";

        // Bucket bounds are powers of two: "4.00 EiB" says no more than "4 EiB".
        static string Trim(string number) => number.Contains('.', StringComparison.Ordinal) ? number.TrimEnd('0').TrimEnd('.') : number;
        static string Trimmed(string size) => size.Split(' ') is [string number, string unit] ? $"{Trim(number)} {unit}" : size;
    }

    private static string Outcome(RunReport report)
    {
        string wall = string.Create(CultureInfo.InvariantCulture, $"{report.WallTimeSeconds:0.00} s");
        string error = report.Error is { } e ? Markup.Escape(LastLine(e)) : "";
        return report.Outcome switch
        {
            RunOutcome.Completed => $"[green]Completed[/] in {wall}, exit code {report.ExitCode}.",
            RunOutcome.BudgetExceeded => $"[red]Stopped by the budget[/] after {wall}: {error} (exit code {report.ExitCode}).",
            RunOutcome.Interrupted => $"[yellow]Interrupted[/] after {wall} (exit code {report.ExitCode}).",
            _ => $"[red]Raised[/] after {wall}: {error} (exit code {report.ExitCode}).",
        };
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static Table DomainTable(RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Python memory per domain (exact: requested bytes; Blocks = live blocks)");
        table.AddColumn("Domain");
        foreach (string column in (string[])["Live", "Blocks", "Peak", "Allocated", "Allocs", "Frees", "Reallocs", "Failed", "Refused", "Injected"])
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (DomainReport d in report.Domains)
        {
            table.AddRow(Cells(d.Domain.ToUpperInvariant(), d.LiveBytes, d.LiveBlocks, d.PeakBytes, d.AllocatedBytes, d.Allocations, d.Frees, d.Reallocations, d.Failed, d.Rejected, d.InjectedFaults));
        }

        table.AddRow(Cells(
            "[bold]Total[/]",
            report.Domains.Sum(d => d.LiveBytes),
            report.Domains.Sum(d => d.LiveBlocks),
            report.PeakTotalLiveBytes,
            report.Domains.Sum(d => d.AllocatedBytes),
            report.Domains.Sum(d => d.Allocations),
            report.Domains.Sum(d => d.Frees),
            report.Domains.Sum(d => d.Reallocations),
            report.Domains.Sum(d => d.Failed),
            report.Domains.Sum(d => d.Rejected),
            report.Domains.Sum(d => d.InjectedFaults)));
        return table;

        static string[] Cells(string name, long live, long blocks, long peak, long allocated, long allocations, long frees, long reallocs, long failed, long rejected, long injected) =>
        [
            name, SizeText.Format(live), N(blocks), SizeText.Format(peak), SizeText.Format(allocated), N(allocations), N(frees), N(reallocs),
            N(failed), rejected > 0 ? $"[red]{N(rejected)}[/]" : N(rejected), N(injected),
        ];

        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }

    private static BarChart? SizeChart(RunReport report)
    {
        var counts = new SortedDictionary<long, (HistogramBucket Bucket, long Count)>();
        foreach (HistogramBucket bucket in report.Histograms.SelectMany(h => h.Buckets))
        {
            counts[bucket.LowerBytes] = counts.TryGetValue(bucket.LowerBytes, out var seen) ? (bucket, seen.Count + bucket.Count) : (bucket, bucket.Count);
        }

        if (counts.Count == 0)
        {
            return null;
        }

        var chart = new BarChart().Width(72);
        foreach ((HistogramBucket bucket, long count) in counts.Values)
        {
            chart.AddItem(BucketLabel(bucket), count, Color.SteelBlue);
        }

        return chart;
    }

    private static IRenderable SiteTable(IReadOnlyList<SiteReport> sites, bool byLive)
    {
        if (sites.Count == 0)
        {
            return new Markup(byLive ? "[grey]No sampled block was still alive.[/]" : "[grey]Nothing was sampled (the script allocated less than the interval).[/]");
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn(byLive ? "Live" : "Allocated").RightAligned());
        table.AddColumn(new TableColumn(byLive ? "Live blocks" : "Live").RightAligned());
        table.AddColumn(new TableColumn("Samples").RightAligned());
        table.AddColumn("Domains");
        table.AddColumn("Where (innermost frame first)");
        foreach (SiteReport site in sites)
        {
            table.AddRow(
                "~" + SizeText.Format(byLive ? site.EstimatedLiveBytes : site.EstimatedAllocatedBytes),
                byLive ? "~" + site.EstimatedLiveBlocks.ToString("N0", CultureInfo.InvariantCulture) : "~" + SizeText.Format(site.EstimatedLiveBytes),
                site.Samples.ToString("N0", CultureInfo.InvariantCulture),
                string.Join(",", site.Domains),
                Where(site.Frames));
        }

        return table;
    }

    private static string Where(IReadOnlyList<FrameReport> frames)
    {
        if (frames.Count == 0)
        {
            return "[grey]<no Python frame>[/]";
        }

        string first = Markup.Escape(Frame(frames[0]));
        return frames.Count == 1 ? first : $"{first}\n[grey]{Markup.Escape("called from " + Frame(frames[1]))}[/]";
    }

    /// <summary>A frame as <c>file:line in function</c>, the file relative to the current folder when it is below it
    /// (the script's own files), else its last two path parts.</summary>
    private static string Frame(FrameReport frame) => string.Create(CultureInfo.InvariantCulture, $"{ShortPath(frame.File)}:{frame.Line} in {frame.Function}");

    private static string ShortPath(string file)
    {
        if (!Path.IsPathRooted(file))
        {
            return file;
        }

        string relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        if (!relative.StartsWith("..", StringComparison.Ordinal))
        {
            return relative;
        }

        string[] parts = file.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length <= 2 ? file : "…/" + string.Join('/', parts[^2..]);
    }
}
