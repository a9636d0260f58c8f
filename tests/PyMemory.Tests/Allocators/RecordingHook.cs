using System.Collections.Concurrent;
using PyMemory.Allocators;

namespace PyMemory.Tests.Allocators;

/// <summary>Records the calls made on one thread while recording is on, with the context each call received.</summary>
internal sealed class RecordingHook : AllocatorHook
{
    private readonly int _threadId = Environment.CurrentManagedThreadId;

    public ConcurrentQueue<string> Calls { get; } = new();

    public bool Recording { get; set; }

    public nint SeenContext { get; private set; }

    public override nint Malloc(nuint size, NextAllocator nextAllocator)
    {
        nint block = nextAllocator.Malloc(size);
        Record(nextAllocator, $"malloc({size}) = {block:x}");
        return block;
    }

    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator)
    {
        nint block = nextAllocator.Calloc(count, elementSize);
        Record(nextAllocator, $"calloc({count}, {elementSize}) = {block:x}");
        return block;
    }

    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator)
    {
        nint result = nextAllocator.Realloc(block, size);
        Record(nextAllocator, $"realloc({block:x}, {size}) = {result:x}");
        return result;
    }

    public override void Free(nint block, NextAllocator nextAllocator)
    {
        Record(nextAllocator, $"free({block:x})");
        nextAllocator.Free(block);
    }

    private void Record(NextAllocator next, string call)
    {
        if (Recording && Environment.CurrentManagedThreadId == _threadId)
        {
            SeenContext = next.HookContext;
            Calls.Enqueue(call);
        }
    }
}
