using System.Runtime.InteropServices;
using PyMemory.Allocators;

namespace PyMemory.ChildHost;

/// <summary>A complete allocator written in C# on top of the C heap (NativeMemory), counting its calls: what a host
/// may install as a replacement before the interpreter starts.</summary>
internal static unsafe class CountingMallocAllocator
{
    private static long s_calls;

    public static long Calls => Interlocked.Read(ref s_calls);

    public static AllocatorFunctions Functions => new(
        0,
        (nint)(delegate* unmanaged<void*, nuint, void*>)&Malloc,
        (nint)(delegate* unmanaged<void*, nuint, nuint, void*>)&Calloc,
        (nint)(delegate* unmanaged<void*, void*, nuint, void*>)&Realloc,
        (nint)(delegate* unmanaged<void*, void*, void>)&Free);

    // CPython requires distinct non-NULL pointers for 0 bytes: ask the C heap for at least one byte.
    [UnmanagedCallersOnly]
    private static void* Malloc(void* ctx, nuint size)
    {
        Interlocked.Increment(ref s_calls);
        return NativeMemory.Alloc(size == 0 ? 1 : size);
    }

    [UnmanagedCallersOnly]
    private static void* Calloc(void* ctx, nuint count, nuint size)
    {
        Interlocked.Increment(ref s_calls);
        if (count == 0 || size == 0)
        {
            return NativeMemory.AllocZeroed(1);
        }

        return size != 0 && count > nuint.MaxValue / size ? null : NativeMemory.AllocZeroed(count, size);
    }

    [UnmanagedCallersOnly]
    private static void* Realloc(void* ctx, void* block, nuint size)
    {
        Interlocked.Increment(ref s_calls);
        return NativeMemory.Realloc(block, size == 0 ? 1 : size);
    }

    [UnmanagedCallersOnly]
    private static void Free(void* ctx, void* block)
    {
        Interlocked.Increment(ref s_calls);
        NativeMemory.Free(block);
    }
}
