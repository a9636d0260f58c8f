namespace PyMemory.Cli.Reports;

/// <summary>A sampled allocation site (see <c>PyMemory.Tracking.AllocationSite</c>); byte and block figures are
/// estimates scaled from the samples.</summary>
/// <param name="EstimatedLiveBytes">Bytes still alive that were allocated here.</param>
/// <param name="EstimatedLiveBlocks">Blocks still alive that were allocated here.</param>
/// <param name="EstimatedAllocatedBytes">Bytes allocated here in all.</param>
/// <param name="Samples">Samples taken here.</param>
/// <param name="Domains">The domains the samples came from (<c>raw</c>, <c>mem</c>, <c>obj</c>).</param>
/// <param name="Frames">The Python stack, innermost first; empty when no Python code was running.</param>
internal sealed record SiteReport(
    long EstimatedLiveBytes,
    long EstimatedLiveBlocks,
    long EstimatedAllocatedBytes,
    long Samples,
    IReadOnlyList<string> Domains,
    IReadOnlyList<FrameReport> Frames);
