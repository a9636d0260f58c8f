using PyMemory.Allocators;

namespace PyMemory.Tests.Allocators;

/// <summary>Throws in malloc for one size, and in free for one block (before or after passing it on).</summary>
internal sealed class ThrowingHook : AllocatorHook
{
    public nuint ThrowOnMallocSize { get; set; } = nuint.MaxValue;

    public nint ThrowOnFreeBlock { get; set; }

    public bool ThrowAfterFreeing { get; set; }

    public override nint Malloc(nuint size, NextAllocator nextAllocator) =>
        size == ThrowOnMallocSize ? throw new InvalidOperationException($"malloc({size}) refused by the test") : nextAllocator.Malloc(size);

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
