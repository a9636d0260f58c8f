using PyMemory.Allocators;

namespace PyMemory.Benchmarks.Allocators;

/// <summary>Overrides all four methods (each still only passes the call on), so every call enters .NET: the cost of
/// a hook that really looks at every allocation, as opposed to <see cref="ChildHost.PassThroughHook"/>.</summary>
public sealed class InterceptingHook : AllocatorHook
{
    public override nint Malloc(nuint size, NextAllocator nextAllocator) => nextAllocator.Malloc(size);

    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator) => nextAllocator.Calloc(count, elementSize);

    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator) => nextAllocator.Realloc(block, size);

    public override void Free(nint block, NextAllocator nextAllocator) => nextAllocator.Free(block);
}
