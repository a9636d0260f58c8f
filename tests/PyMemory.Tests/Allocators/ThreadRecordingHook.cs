using System.Collections.Concurrent;
using PyMemory.Allocators;

namespace PyMemory.Tests.Allocators;

/// <summary>Counts mallocs and reallocs and notes which threads made them (allocating in a hook is fine for a test).</summary>
internal sealed class ThreadRecordingHook : AllocatorHook
{
    private long _mallocs;

    public ConcurrentDictionary<int, bool> Threads { get; } = new();

    public long Mallocs => Interlocked.Read(ref _mallocs);

    public override nint Malloc(nuint size, NextAllocator nextAllocator)
    {
        Interlocked.Increment(ref _mallocs);
        Threads.TryAdd(Environment.CurrentManagedThreadId, true);
        return nextAllocator.Malloc(size);
    }

    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator)
    {
        Interlocked.Increment(ref _mallocs);
        Threads.TryAdd(Environment.CurrentManagedThreadId, true);
        return nextAllocator.Realloc(block, size);
    }
}
