using System.Collections.Concurrent;
using PyMemory.Allocators;
using PyMemory.Tracking;

namespace PyMemory.Tests.Tracking;

/// <summary>
/// An independent count of what the tracker counts, written the plain way: a C# hook on all three domains that keeps
/// every block's size in a dictionary. It follows the tracker's documented rules (DomainMemoryFigures): calls made
/// inside another counted call on the same thread (pymalloc passing a large request on to RAW) are not counted again;
/// a realloc of a block it never saw is a new block; a free of a block it never saw is an untracked free.
/// </summary>
internal sealed class TrackerReferenceHook : AllocatorHook
{
    // Shared by the three domains' calls: the nesting is per thread, not per domain.
    [ThreadStatic]
    private static int t_depth;

    private readonly ConcurrentDictionary<nint, long> _sizes = new();
    private readonly long[] _figures = new long[3 * FigureCount];
    private readonly nint[] _contexts = new nint[3];
    private volatile bool _counting;

    private const int FigureCount = 7;
    private const int Allocations = 0, Frees = 1, Reallocations = 2, BytesAllocated = 3, BytesFreed = 4, Failed = 5, Untracked = 6;

    /// <summary>Installs the hook on RAW, MEM and OBJ (the caller holds the GIL); it counts once <see cref="Begin"/> is called.</summary>
    public AllocatorHookScope Install()
    {
        AllocatorHookScope scope = PythonAllocators.Install(this, MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj);
        foreach (MemoryDomain domain in (ReadOnlySpan<MemoryDomain>)[MemoryDomain.Raw, MemoryDomain.Mem, MemoryDomain.Obj])
        {
            _contexts[(int)domain] = scope.GetInstalled(domain).Context;
        }

        return scope;
    }

    /// <summary>Starts counting from zero: blocks allocated before are unknown from now on.</summary>
    public void Begin()
    {
        _sizes.Clear();
        Array.Clear(_figures);
        _counting = true;
    }

    /// <summary>Stops counting.</summary>
    public void End() => _counting = false;

    /// <summary>What the hook counted in one domain, as the tracker's figures (the peak left 0).</summary>
    public DomainMemoryFigures Figures(MemoryDomain domain)
    {
        int d = (int)domain * FigureCount;
        long Read(int figure) => Interlocked.Read(ref _figures[d + figure]);
        return new DomainMemoryFigures(
            Read(BytesAllocated) - Read(BytesFreed),
            Read(Allocations) - Read(Frees),
            0,
            Read(Allocations),
            Read(Frees),
            Read(Reallocations),
            Read(BytesAllocated),
            Read(BytesFreed),
            Read(Failed),
            0,
            Read(Untracked),
            0);
    }

    public override nint Malloc(nuint size, NextAllocator nextAllocator)
    {
        t_depth++;
        nint block = nextAllocator.Malloc(size);
        t_depth--;
        if (Counts(nextAllocator, out int d))
        {
            Allocated(d, block, (long)size);
        }

        return block;
    }

    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator)
    {
        t_depth++;
        nint block = nextAllocator.Calloc(count, elementSize);
        t_depth--;
        if (Counts(nextAllocator, out int d))
        {
            Allocated(d, block, (long)(count * elementSize));
        }

        return block;
    }

    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator)
    {
        bool counts = Counts(nextAllocator, out int d);
        long oldSize = -1;
        if (counts && block != 0 && _sizes.TryRemove(block, out long known))
        {
            oldSize = known;
        }

        t_depth++;
        nint result = nextAllocator.Realloc(block, size);
        t_depth--;
        if (!counts)
        {
            return result;
        }

        if (result == 0)
        {
            if (oldSize >= 0)
            {
                _sizes[block] = oldSize; // the old block stays as it was
            }

            Add(d, Failed, 1);
            return result;
        }

        if (block != 0)
        {
            Add(d, Reallocations, 1);
        }

        if (oldSize >= 0)
        {
            Add(d, BytesFreed, oldSize);
            Add(d, BytesAllocated, (long)size);
            _sizes[result] = (long)size;
        }
        else
        {
            Allocated(d, result, (long)size);
        }

        return result;
    }

    public override void Free(nint block, NextAllocator nextAllocator)
    {
        if (block != 0 && Counts(nextAllocator, out int d))
        {
            // Forgotten before the free below, so that another thread given the same address is not confused.
            if (_sizes.TryRemove(block, out long size))
            {
                Add(d, Frees, 1);
                Add(d, BytesFreed, size);
            }
            else
            {
                Add(d, Untracked, 1);
            }
        }

        t_depth++;
        nextAllocator.Free(block);
        t_depth--;
    }

    private bool Counts(NextAllocator next, out int domain)
    {
        domain = Array.IndexOf(_contexts, next.HookContext);
        return _counting && t_depth == 0 && domain >= 0;
    }

    private void Allocated(int d, nint block, long size)
    {
        if (block == 0)
        {
            Add(d, Failed, 1);
            return;
        }

        Add(d, Allocations, 1);
        Add(d, BytesAllocated, size);
        _sizes[block] = size;
    }

    private void Add(int d, int figure, long value) => Interlocked.Add(ref _figures[d * FigureCount + figure], value);
}
