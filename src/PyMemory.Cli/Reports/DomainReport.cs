namespace PyMemory.Cli.Reports;

/// <summary>One domain's tracker figures (see <c>PyMemory.Tracking.DomainMemoryFigures</c>).</summary>
/// <param name="Domain"><c>raw</c>, <c>mem</c> or <c>obj</c>.</param>
/// <param name="LiveBytes">Bytes in live blocks.</param>
/// <param name="LiveBlocks">Live blocks.</param>
/// <param name="PeakBytes">The highest live bytes seen.</param>
/// <param name="Allocations">Successful allocations.</param>
/// <param name="Frees">Frees of tracked blocks.</param>
/// <param name="Reallocations">Successful reallocations.</param>
/// <param name="AllocatedBytes">Bytes allocated in all.</param>
/// <param name="FreedBytes">Bytes freed in all.</param>
/// <param name="Failed">Allocations the allocator below refused.</param>
/// <param name="Rejected">Allocations a limit or budget refused.</param>
/// <param name="InjectedFaults">Allocations fault injection made fail.</param>
internal sealed record DomainReport(
    string Domain,
    long LiveBytes,
    long LiveBlocks,
    long PeakBytes,
    long Allocations,
    long Frees,
    long Reallocations,
    long AllocatedBytes,
    long FreedBytes,
    long Failed,
    long Rejected,
    long InjectedFaults);
