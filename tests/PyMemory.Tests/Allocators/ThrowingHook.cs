using PyMemory.Allocators;

namespace PyMemory.Tests.Allocators;

/// <summary>Throws in malloc, calloc and realloc for one size, and in free for one block (before or after passing it on).</summary>
internal sealed class ThrowingHook : AllocatorHook
{
    public nuint ThrowOnMallocSize { get; set; } = nuint.MaxValue;

    public nint ThrowOnFreeBlock { get; set; }

    public bool ThrowAfterFreeing { get; set; }

    public override nint Malloc(nuint size, NextAllocator nextAllocator) =>
        size == ThrowOnMallocSize ? throw new InvalidOperationException($"malloc({size}) refused by the test") : nextAllocator.Malloc(size);

    public override nint Calloc(nuint count, nuint elementSize, NextAllocator nextAllocator) =>
        count * elementSize == ThrowOnMallocSize ? throw new InvalidOperationException($"calloc({count}, {elementSize}) refused by the test") : nextAllocator.Calloc(count, elementSize);

    public override nint Realloc(nint block, nuint size, NextAllocator nextAllocator) =>
        size == ThrowOnMallocSize ? throw new InvalidOperationException($"realloc to {size} refused by the test") : nextAllocator.Realloc(block, size);

    public override void Free(nint block, NextAllocator nextAllocator)
    {
        if (block != 0 && block == ThrowOnFreeBlock)
        {
            if (ThrowAfterFreeing)
            {
                nextAllocator.Free(block);
            }

            throw new InvalidOperationException("free refused by the test");
        }

        nextAllocator.Free(block);
    }
}
