using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>Arithmetic on the tracker's figures, for comparing what happened between two snapshots.</summary>
internal static class TrackerFigures
{
    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>, the peak left 0 (it is no sum).</summary>
    public static DomainMemoryFigures Since(this DomainMemoryFigures after, DomainMemoryFigures before) => new(
        after.LiveBytes - before.LiveBytes,
        after.LiveBlocks - before.LiveBlocks,
        0,
        after.Allocations - before.Allocations,
        after.Frees - before.Frees,
        after.Reallocations - before.Reallocations,
        after.BytesAllocated - before.BytesAllocated,
        after.BytesFreed - before.BytesFreed,
        after.FailedAllocations - before.FailedAllocations,
        after.RejectedAllocations - before.RejectedAllocations,
        after.UntrackedFrees - before.UntrackedFrees,
        after.InjectedFaults - before.InjectedFaults);

    /// <summary>The figures with the peak and the process-wide injected-fault count set to 0, to compare everything
    /// the tracker itself counted.</summary>
    public static DomainMemoryFigures WithoutPeak(this DomainMemoryFigures figures) => figures with { PeakLiveBytes = 0, InjectedFaults = 0 };

    /// <summary>The three domains, in order.</summary>
    public static readonly MemoryDomain[] Domains = [MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj];
}
