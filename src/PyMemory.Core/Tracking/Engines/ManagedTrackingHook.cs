using System.Numerics;
using PyMemory.Allocators;
using PyMemory.Tracking.Native;

namespace PyMemory.Tracking.Engines;

/// <summary>
/// The managed engine's hook: the native tracker's rules (pymemory_native.h) written as a C# <see cref="AllocatorHook"/>,
/// for platforms the native library is not built for. Every call enters .NET (about 1.3x on the json workload, against
/// the native engine's 1.1x) and takes one lock for the sizes; marks, budget scopes and sampling are native only.
/// </summary>
/// <remarks>Written by hand because no library can sit inside CPython's allocator; kept deliberately small: the
/// figures, the peak and the hard and soft limits, with the same meaning as the native engine's.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "A hook is never disposed: a RAW call may still be running in it on another thread after it is removed (like its native context).")]
internal sealed unsafe class ManagedTrackingHook : AllocatorHook
{
    [ThreadStatic]
    private static int t_depth; // > 0 inside a tracked call: nested calls (pymalloc passing large requests to RAW) pass through

    [ThreadStatic]
    private static bool t_inGrace;

    private readonly Lock _sizesGate = new();
    private readonly Dictionary<nint, long> _sizes = [];
    private readonly Counters[] _counters = [new(), new(), new()];
    private readonly long[] _live = new long[3];
    private readonly long[] _peak = new long[3];
    private readonly SemaphoreSlim _softCrossed = new(0);
    private long _liveTotal;
    private long _peakTotal;
    private PmnLimits _limits;
    private int _softAbove;

    public SemaphoreSlim SoftCrossed => _softCrossed;

    public void SetLimits(in PmnLimits limits)
    {
        _limits = limits;
        Volatile.Write(ref _softAbove, 0);
    }

    public void Read(PmnSnapshot* snapshot)
    {
        *snapshot = default;
        Fill(ref snapshot->Raw, _counters[0]);
        Fill(ref snapshot->Mem, _counters[1]);
        Fill(ref snapshot->Obj, _counters[2]);
        for (int d = 0; d < 3; d++)
        {
            snapshot->PeakLiveBytes[d] = Interlocked.Read(ref _peak[d]);
        }

        snapshot->PeakTotalLiveBytes = Interlocked.Read(ref _peakTotal);
    }

    public void ResetPeak()
    {
        for (int d = 0; d < 3; d++)
        {
            Interlocked.Exchange(ref _peak[d], Interlocked.Read(ref _live[d]));
        }

        Interlocked.Exchange(ref _peakTotal, Interlocked.Read(ref _liveTotal));
    }

    public override nint Malloc(nuint size, NextAllocator nextAllocator)
    {
        if (t_depth > 0)
        {
            return nextAllocator.Malloc(size);
        }

        int d = (int)nextAllocator.Domain;
        if (Refuse(d, (long)size))
        {
            return 0;
        }

        t_depth++;
        nint block;
        try
        {
            block = nextAllocator.Malloc(size);
        }
        finally
        {
            t_depth--;
        }

        Record(d, block, (long)size, newBlock: true);
        return block;
    }

    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator)
    {
        if (t_depth > 0 || (elementSize != 0 && count > nuint.MaxValue / elementSize))
        {
            return nextAllocator.Calloc(count, elementSize);
        }

        int d = (int)nextAllocator.Domain;
        long size = (long)(count * elementSize);
        if (Refuse(d, size))
        {
            return 0;
        }

        t_depth++;
        nint block;
        try
        {
            block = nextAllocator.Calloc(count, elementSize);
        }
        finally
        {
            t_depth--;
        }

        Record(d, block, size, newBlock: true);
        return block;
    }

    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator)
    {
        if (t_depth > 0)
        {
            return nextAllocator.Realloc(block, size);
        }

        int d = (int)nextAllocator.Domain;
        long old = block == 0 ? -1 : Take(block);
        if ((long)size > Math.Max(old, 0) && Refuse(d, (long)size - Math.Max(old, 0)))
        {
            Restore(block, old);
            return 0;
        }

        t_depth++;
        nint moved;
        try
        {
            moved = nextAllocator.Realloc(block, size);
        }
        finally
        {
            t_depth--;
        }

        if (moved == 0)
        {
            Restore(block, old); // a failed realloc leaves the old block as it was
            Interlocked.Increment(ref _counters[d].Failed);
            return 0;
        }

        if (block != 0)
        {
            Interlocked.Increment(ref _counters[d].Reallocations);
        }

        if (old >= 0)
        {
            Settle(d, old, isFree: false);
        }

        Record(d, moved, (long)size, newBlock: old < 0);
        return moved;
    }

    public override void Free(nint block, NextAllocator nextAllocator)
    {
        if (t_depth > 0 || block == 0)
        {
            nextAllocator.Free(block);
            return;
        }

        int d = (int)nextAllocator.Domain;
        long size = Take(block); // before the free below, so a thread that gets the address next keeps its record
        if (size >= 0)
        {
            Settle(d, size, isFree: true);
        }
        else
        {
            Interlocked.Increment(ref _counters[d].UntrackedFrees);
        }

        t_depth++;
        try
        {
            nextAllocator.Free(block);
        }
        finally
        {
            t_depth--;
        }
    }

    public void ReadHistogram(MemoryDomain domain, Span<ulong> counts)
    {
        long[] from = _counters[(int)domain].Histogram;
        for (int b = 0; b < counts.Length && b < from.Length; b++)
        {
            counts[b] = (ulong)Interlocked.Read(ref from[b]);
        }
    }

    private static void Fill(ref PmnDomainCounters to, Counters from)
    {
        to.Allocations = (ulong)Interlocked.Read(ref from.Allocations);
        to.Frees = (ulong)Interlocked.Read(ref from.Frees);
        to.Reallocations = (ulong)Interlocked.Read(ref from.Reallocations);
        to.BytesAllocated = (ulong)Interlocked.Read(ref from.BytesAllocated);
        to.BytesFreed = (ulong)Interlocked.Read(ref from.BytesFreed);
        to.Failed = (ulong)Interlocked.Read(ref from.Failed);
        to.Rejected = (ulong)Interlocked.Read(ref from.Rejected);
        to.UntrackedFrees = (ulong)Interlocked.Read(ref from.UntrackedFrees);
    }

    private static int BucketOf(long size) => size == 0 ? 0 : Math.Min(64 - BitOperations.LeadingZeroCount((ulong)size), PmnDomainCounters.Buckets - 1);

    private static int Judge(long liveAfter, long limit, long headroom) =>
        limit <= 0 || liveAfter <= limit ? 0 : liveAfter <= limit + headroom ? 1 : 2;

    private bool Refuse(int d, long grow)
    {
        int worst = Math.Max(
            Judge(Interlocked.Read(ref _live[d]) + grow, _limits.Hard[d], _limits.Headroom),
            Judge(Interlocked.Read(ref _liveTotal) + grow, _limits.HardTotal, _limits.Headroom));
        if (worst == 0)
        {
            t_inGrace = false;
            return false;
        }

        if (worst == 1 && t_inGrace)
        {
            return false;
        }

        t_inGrace = true;
        Interlocked.Increment(ref _counters[d].Rejected);
        return true;
    }

    private void Record(int d, nint block, long size, bool newBlock)
    {
        if (block == 0)
        {
            Interlocked.Increment(ref _counters[d].Failed);
            return;
        }

        lock (_sizesGate)
        {
            _sizes[block] = size;
        }

        Counters c = _counters[d];
        if (newBlock)
        {
            Interlocked.Increment(ref c.Allocations);
            Interlocked.Increment(ref c.Histogram[BucketOf(size)]);
        }

        Interlocked.Add(ref c.BytesAllocated, size);
        ChangeLive(d, size);
    }

    private void Settle(int d, long size, bool isFree)
    {
        Counters c = _counters[d];
        if (isFree)
        {
            Interlocked.Increment(ref c.Frees);
        }

        Interlocked.Add(ref c.BytesFreed, size);
        ChangeLive(d, -size);
    }

    private long Take(nint block)
    {
        lock (_sizesGate)
        {
            return _sizes.Remove(block, out long size) ? size : -1;
        }
    }

    private void Restore(nint block, long size)
    {
        if (size >= 0)
        {
            lock (_sizesGate)
            {
                _sizes[block] = size;
            }
        }
    }

    private void ChangeLive(int d, long change)
    {
        long live = Interlocked.Add(ref _live[d], change);
        long total = Interlocked.Add(ref _liveTotal, change);
        UpdatePeak(ref _peak[d], live);
        UpdatePeak(ref _peakTotal, total);
        if (_limits.SoftTotal > 0)
        {
            int above = total > _limits.SoftTotal ? 1 : 0;
            if (Interlocked.Exchange(ref _softAbove, above) != above && above == 1)
            {
                _softCrossed.Release();
            }
        }
    }

    private static void UpdatePeak(ref long peak, long value)
    {
        long seen = Interlocked.Read(ref peak);
        while (value > seen)
        {
            long found = Interlocked.CompareExchange(ref peak, value, seen);
            if (found == seen)
            {
                return;
            }

            seen = found;
        }
    }

    private sealed class Counters
    {
        public long Allocations;
        public long Frees;
        public long Reallocations;
        public long BytesAllocated;
        public long BytesFreed;
        public long Failed;
        public long Rejected;
        public long UntrackedFrees;
        public readonly long[] Histogram = new long[PmnDomainCounters.Buckets];
    }
}
