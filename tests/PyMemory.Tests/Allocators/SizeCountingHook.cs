using PyMemory.Allocators;

namespace PyMemory.Tests.Allocators;

/// <summary>Counts mallocs of one marker size and frees of the blocks they returned, from any thread, lock-free.</summary>
internal sealed class SizeCountingHook(nuint markerSize) : AllocatorHook
{
    private long _mallocs;
    private long _frees;

    public long Mallocs => Interlocked.Read(ref _mallocs);

    public long Frees => Interlocked.Read(ref _frees);

    /// <summary>The one block whose frees are counted (0 = none); set by the test.</summary>
    public nint WatchedBlock { get; set; }

    public override nint Malloc(nuint size, NextAllocator nextAllocator)
    {
        if (size == markerSize)
        {
            Interlocked.Increment(ref _mallocs);
        }

        return nextAllocator.Malloc(size);
    }

    public override void Free(nint block, NextAllocator nextAllocator)
    {
        if (block != 0 && block == WatchedBlock)
        {
            Interlocked.Increment(ref _frees);
        }

        nextAllocator.Free(block);
    }
}
