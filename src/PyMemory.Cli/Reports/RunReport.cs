namespace PyMemory.Cli.Reports;

/// <summary>Everything <c>pymem run</c> learned about one run: what the console report shows, what <c>--json</c> writes
/// (docs/pymem.md gives the schema) and what <c>--html</c> draws. Figures are the tracker's, read when the script
/// returned and before the interpreter was finalized.</summary>
/// <param name="SchemaVersion">The JSON schema's version; raised whenever a field changes meaning or goes away.</param>
/// <param name="Script">The script's path, as given.</param>
/// <param name="Arguments">The script's arguments (<c>sys.argv[1:]</c>).</param>
/// <param name="Python">The Python that ran it.</param>
/// <param name="StartedAt">When the script started.</param>
/// <param name="WallTimeSeconds">The script's wall time, from its first line to its return.</param>
/// <param name="ExitCode">The exit code <c>pymem</c> returned.</param>
/// <param name="Outcome">How the script ended.</param>
/// <param name="Error">The Python traceback when the script raised, else null.</param>
/// <param name="Domains">Per-domain figures (raw, mem, obj) when the script returned.</param>
/// <param name="Histograms">Per-domain block size histograms (buckets with no block are left out).</param>
/// <param name="TopSites">The sampled allocation sites that allocated the most bytes.</param>
/// <param name="AliveAtExit">The sampled allocation sites whose blocks were still alive when the script returned.</param>
/// <param name="Budget">The budget the run had, and what it refused; null without <c>--budget</c>.</param>
/// <param name="FailNth">The allocation number <c>--fail-nth</c> made fail, else null.</param>
/// <param name="SampleIntervalBytes">The sampling interval (bytes between sampled allocations on average).</param>
/// <param name="Timeline">Live bytes per domain over the run, sampled while the script ran.</param>
internal sealed record RunReport(
    int SchemaVersion,
    string Script,
    IReadOnlyList<string> Arguments,
    PythonReport Python,
    DateTimeOffset StartedAt,
    double WallTimeSeconds,
    int ExitCode,
    RunOutcome Outcome,
    string? Error,
    IReadOnlyList<DomainReport> Domains,
    IReadOnlyList<HistogramReport> Histograms,
    IReadOnlyList<SiteReport> TopSites,
    IReadOnlyList<SiteReport> AliveAtExit,
    BudgetReport? Budget,
    long? FailNth,
    long SampleIntervalBytes,
    IReadOnlyList<TimelinePoint> Timeline)
{
    /// <summary>The highest live bytes of all domains together (not the sum of the domains' peaks, which were reached
    /// at different moments).</summary>
    public long PeakTotalLiveBytes { get; init; }
}
