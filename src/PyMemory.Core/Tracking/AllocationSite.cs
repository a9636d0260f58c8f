using System.Globalization;

namespace PyMemory.Tracking;

/// <summary>
/// Where sampled allocations came from (one Python call stack) and what they are estimated to amount to. Estimates are
/// the sampled blocks scaled by the sampling rate: each sample of a block of <c>n</c> bytes stands for
/// <c>n / (1 - exp(-n / interval))</c> bytes, so the relative error of a site's estimate is about
/// <c>1 / sqrt(samples)</c>.
/// </summary>
public sealed class AllocationSite
{
    internal AllocationSite(
        IReadOnlyList<SiteFrame> frames,
        long estimatedLiveBytes,
        long estimatedLiveBlocks,
        long estimatedAllocatedBytes,
        long estimatedAllocatedBlocks,
        long samples,
        long liveSamples,
        IReadOnlyList<int> osThreadIds,
        IReadOnlyList<int> managedThreadIds,
        IReadOnlyList<MemoryDomain> domains)
    {
        Frames = frames;
        EstimatedLiveBytes = estimatedLiveBytes;
        EstimatedLiveBlocks = estimatedLiveBlocks;
        EstimatedAllocatedBytes = estimatedAllocatedBytes;
        EstimatedAllocatedBlocks = estimatedAllocatedBlocks;
        Samples = samples;
        LiveSamples = liveSamples;
        OsThreadIds = osThreadIds;
        ManagedThreadIds = managedThreadIds;
        Domains = domains;
    }

    /// <summary>The Python frames, innermost (the allocating line) first, at most
    /// <see cref="MemoryTrackingOptions.MaxFrames"/>. Empty when the allocating thread was not running Python (no thread
    /// state, or it did not hold the GIL: a RAW allocation from a .NET or C thread); then
    /// <see cref="OsThreadIds"/> names that thread, and each such thread has its own site.</summary>
    public IReadOnlyList<SiteFrame> Frames { get; }

    /// <summary>True when <see cref="Frames"/> is not empty.</summary>
    public bool HasPythonFrame => Frames.Count > 0;

    /// <summary>Estimated bytes of this site's blocks still alive (the sampled blocks not yet freed, scaled).</summary>
    public long EstimatedLiveBytes { get; }

    /// <summary>Estimated number of this site's blocks still alive.</summary>
    public long EstimatedLiveBlocks { get; }

    /// <summary>Estimated bytes this site allocated since sampling started (or since
    /// <see cref="MemoryTracker.ResetSamples"/>), freed or not.</summary>
    public long EstimatedAllocatedBytes { get; }

    /// <summary>Estimated number of blocks this site allocated, freed or not.</summary>
    public long EstimatedAllocatedBlocks { get; }

    /// <summary>How many samples this site's figures come from (the larger, the more precise).</summary>
    public long Samples { get; }

    /// <summary>How many of those samples are blocks still alive.</summary>
    public long LiveSamples { get; }

    /// <summary>The operating-system thread ids (Linux <c>gettid</c>) that allocated here, ascending.</summary>
    public IReadOnlyList<int> OsThreadIds { get; }

    /// <summary>The .NET managed thread ids of the same threads, ascending (a thread that Python or C started gets one
    /// when it first allocates under sampling).</summary>
    public IReadOnlyList<int> ManagedThreadIds { get; }

    /// <summary>The domains the sampled blocks came from, in enum order.</summary>
    public IReadOnlyList<MemoryDomain> Domains { get; }

    /// <summary>The innermost frame and the live estimate, for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(HasPythonFrame ? Frames[0].ToString() : "<no Python frame> thread " + string.Join(",", OsThreadIds))}: ~{EstimatedLiveBytes} live bytes in ~{EstimatedLiveBlocks} blocks, ~{EstimatedAllocatedBytes} allocated ({Samples} samples)");
}
