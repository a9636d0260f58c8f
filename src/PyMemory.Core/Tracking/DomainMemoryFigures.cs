namespace PyMemory.Tracking;

/// <summary>
/// What the tracker counted in one domain (or in all three) since it started. Every figure is exact for blocks
/// allocated while it was installed; see docs/tracking.md for what each one means.
/// </summary>
/// <param name="LiveBytes">Bytes requested by blocks that are allocated now (<see cref="BytesAllocated"/> minus
/// <see cref="BytesFreed"/>).</param>
/// <param name="LiveBlocks">Blocks allocated now (<see cref="Allocations"/> minus <see cref="Frees"/>).</param>
/// <param name="PeakLiveBytes">The highest <see cref="LiveBytes"/> since start or the last
/// <see cref="MemoryTracker.ResetPeak"/>, to within <see cref="MemoryTrackingOptions.PeakResolution"/> per thread.</param>
/// <param name="Allocations">Successful malloc and calloc calls, realloc(NULL), and reallocs of blocks allocated
/// before tracking started (they become tracked blocks).</param>
/// <param name="Frees">Frees of tracked blocks.</param>
/// <param name="Reallocations">Successful reallocs of an existing block.</param>
/// <param name="BytesAllocated">Requested bytes of all allocations, plus the new size of each realloc of a tracked block.</param>
/// <param name="BytesFreed">Sizes of freed blocks, plus the old size of each realloc of a tracked block.</param>
/// <param name="FailedAllocations">Requests the allocator below the tracker refused (real out-of-memory, or a fault
/// injected below it).</param>
/// <param name="RejectedAllocations">Requests the tracker refused itself: a <see cref="MemoryLimits"/> hard limit or a
/// <see cref="MemoryBudgetScope"/>.</param>
/// <param name="UntrackedFrees">Frees of blocks the tracker never saw (allocated before it started); they pass through
/// uncounted.</param>
/// <param name="InjectedFaults">Allocations a <see cref="Allocators.FailingAllocatorHook"/> failed in this process
/// (fault injection), wherever it sat in the chain; with <see cref="RejectedAllocations"/> the two ways PyMemory makes
/// an allocation fail on purpose.</param>
public readonly record struct DomainMemoryFigures(
    long LiveBytes,
    long LiveBlocks,
    long PeakLiveBytes,
    long Allocations,
    long Frees,
    long Reallocations,
    long BytesAllocated,
    long BytesFreed,
    long FailedAllocations,
    long RejectedAllocations,
    long UntrackedFrees,
    long InjectedFaults);
