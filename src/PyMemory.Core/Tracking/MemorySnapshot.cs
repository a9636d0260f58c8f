namespace PyMemory.Tracking;

/// <summary>
/// The tracker's figures at one moment, per domain and in total (<see cref="MemoryTracker.GetSnapshot"/>). A value:
/// taking it calls no Python, needs no GIL and allocates nothing.
/// </summary>
/// <remarks>The threads' counters are read one after the other while they keep counting, so figures of different
/// domains may be a few calls apart; each figure is exact for the moment it was read.</remarks>
public readonly struct MemorySnapshot : IEquatable<MemorySnapshot>
{
    internal MemorySnapshot(DomainMemoryFigures raw, DomainMemoryFigures mem, DomainMemoryFigures obj, long peakTotalLiveBytes, int threads)
    {
        Raw = raw;
        Mem = mem;
        Obj = obj;
        Total = new DomainMemoryFigures(
            raw.LiveBytes + mem.LiveBytes + obj.LiveBytes,
            raw.LiveBlocks + mem.LiveBlocks + obj.LiveBlocks,
            Math.Max(peakTotalLiveBytes, raw.LiveBytes + mem.LiveBytes + obj.LiveBytes),
            raw.Allocations + mem.Allocations + obj.Allocations,
            raw.Frees + mem.Frees + obj.Frees,
            raw.Reallocations + mem.Reallocations + obj.Reallocations,
            raw.BytesAllocated + mem.BytesAllocated + obj.BytesAllocated,
            raw.BytesFreed + mem.BytesFreed + obj.BytesFreed,
            raw.FailedAllocations + mem.FailedAllocations + obj.FailedAllocations,
            raw.RejectedAllocations + mem.RejectedAllocations + obj.RejectedAllocations,
            raw.UntrackedFrees + mem.UntrackedFrees + obj.UntrackedFrees,
            raw.InjectedFaults + mem.InjectedFaults + obj.InjectedFaults);
        Threads = threads;
    }

    /// <summary>The RAW domain (<c>PyMem_RawMalloc</c> and friends).</summary>
    public DomainMemoryFigures Raw { get; }

    /// <summary>The MEM domain (<c>PyMem_Malloc</c> and friends).</summary>
    public DomainMemoryFigures Mem { get; }

    /// <summary>The OBJ domain (<c>PyObject_Malloc</c> and friends: Python objects).</summary>
    public DomainMemoryFigures Obj { get; }

    /// <summary>All three domains. Its <see cref="DomainMemoryFigures.PeakLiveBytes"/> is the peak of the total, not the
    /// sum of the domains' peaks. A block counts once: pymalloc passes large requests on to RAW, and those inner calls
    /// are not counted again.</summary>
    public DomainMemoryFigures Total { get; }

    /// <summary>Threads that have called a tracked allocator since the tracker first started in this process (it is
    /// not restarted by a later <see cref="MemoryTracker.Start"/>).</summary>
    public int Threads { get; }

    /// <summary>One domain's figures.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>Its figures.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not defined.</exception>
    public DomainMemoryFigures this[MemoryDomain domain] => domain switch
    {
        MemoryDomain.Raw => Raw,
        MemoryDomain.Mem => Mem,
        MemoryDomain.Obj => Obj,
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a memory domain."),
    };

    /// <summary>Equal when every figure is equal.</summary>
    public static bool operator ==(MemorySnapshot left, MemorySnapshot right) => left.Equals(right);

    /// <summary>Different when any figure differs.</summary>
    public static bool operator !=(MemorySnapshot left, MemorySnapshot right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(MemorySnapshot other) => Raw == other.Raw && Mem == other.Mem && Obj == other.Obj && Total == other.Total && Threads == other.Threads;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MemorySnapshot other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Raw, Mem, Obj, Total, Threads);

    /// <summary>A one-line summary: live bytes and blocks per domain.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"live {Total.LiveBytes:N0} B in {Total.LiveBlocks:N0} blocks (RAW {Raw.LiveBytes:N0} B, MEM {Mem.LiveBytes:N0} B, OBJ {Obj.LiveBytes:N0} B), peak {Total.PeakLiveBytes:N0} B";
}
