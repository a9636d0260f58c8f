using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>Overrides all four methods (passing each call on), so all four are PyMemory's managed callbacks.</summary>
internal sealed class OverridingHook : AllocatorHook
{
    public override nint Malloc(nuint size, NextAllocator nextAllocator) => nextAllocator.Malloc(size);

    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator) => nextAllocator.Calloc(count, elementSize);

    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator) => nextAllocator.Realloc(block, size);

    public override void Free(nint block, NextAllocator nextAllocator) => nextAllocator.Free(block);
}
