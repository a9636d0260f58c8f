using PyMemory.Allocators;

namespace PyMemory.Sample.Examples;

/// <summary>Counts allocations and requested bytes. Lock-free, because allocators are called on many threads;
/// Free is not overridden, so frees never enter .NET.</summary>
public sealed class AllocationCounter : AllocatorHook
{
    private long _allocations;
    private long _bytes;

    /// <summary>malloc, calloc and realloc calls seen.</summary>
    public long Allocations => Interlocked.Read(ref _allocations);

    /// <summary>Bytes those calls asked for.</summary>
    public long BytesRequested => Interlocked.Read(ref _bytes);

    /// <inheritdoc/>
    public override nint Malloc(nuint size, NextAllocator nextAllocator)
    {
        Count(size);
        return nextAllocator.Malloc(size);
    }

    /// <inheritdoc/>
    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator)
    {
        Count(count * elementSize);
        return nextAllocator.Calloc(count, elementSize);
    }

    /// <inheritdoc/>
    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator)
    {
        Count(size);
        return nextAllocator.Realloc(block, size);
    }

    private void Count(nuint size)
    {
        Interlocked.Increment(ref _allocations);
        Interlocked.Add(ref _bytes, (long)size);
    }
}
