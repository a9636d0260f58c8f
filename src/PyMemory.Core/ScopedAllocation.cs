using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>The allocation half of the scoped owners (<see cref="ScopedRawBlock"/> and friends): the same checks as
/// the SafeHandle blocks, without a handle object.</summary>
internal static unsafe class ScopedAllocation
{
    /// <summary>A block of <paramref name="byteCount"/> bytes, or 0 when the allocator returned NULL and
    /// <paramref name="throwOnNull"/> is false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Allocate<TDomain>(long byteCount, bool throwOnNull)
        where TDomain : struct, IBlockDomain
    {
        BlockSize.Check(byteCount, nameof(byteCount));
        PythonApi api = TDomain.Require(TDomain.MallocName);
        void* pointer = TDomain.Malloc(api, (nuint)byteCount);
        if (pointer == null && throwOnNull)
        {
            ThrowFailed<TDomain>(TDomain.MallocName, byteCount);
        }

        return (nint)pointer;
    }

    /// <summary>Like <see cref="Allocate{TDomain}"/> for a GIL domain, also handing back this thread's GIL state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint AllocateHeld<TDomain>(long byteCount, bool throwOnNull, out ThreadGilState? thread)
        where TDomain : struct, IBlockDomain
    {
        BlockSize.Check(byteCount, nameof(byteCount));
        PythonApi api = GilDomain.Require(TDomain.MallocName, out thread);
        void* pointer = TDomain.Malloc(api, (nuint)byteCount);
        if (pointer == null && throwOnNull)
        {
            ThrowFailed<TDomain>(TDomain.MallocName, byteCount);
        }

        return (nint)pointer;
    }

    /// <summary>A zero-filled block, or 0 when the allocator returned NULL and <paramref name="throwOnNull"/> is false.</summary>
    public static nint AllocateZeroed<TDomain>(long count, long elementSize, bool throwOnNull, out long byteCount)
        where TDomain : struct, IBlockDomain
    {
        byteCount = BlockSize.Product(count, elementSize);
        PythonApi api = TDomain.Require(TDomain.CallocName);
        return Calloc<TDomain>(api, count, elementSize, byteCount, throwOnNull);
    }

    /// <summary>Like <see cref="AllocateZeroed{TDomain}"/> for a GIL domain, also handing back this thread's GIL state.</summary>
    public static nint AllocateZeroedHeld<TDomain>(long count, long elementSize, bool throwOnNull, out long byteCount, out ThreadGilState? thread)
        where TDomain : struct, IBlockDomain
    {
        byteCount = BlockSize.Product(count, elementSize);
        PythonApi api = GilDomain.Require(TDomain.CallocName, out thread);
        return Calloc<TDomain>(api, count, elementSize, byteCount, throwOnNull);
    }

    private static nint Calloc<TDomain>(PythonApi api, long count, long elementSize, long byteCount, bool throwOnNull)
        where TDomain : struct, IBlockDomain
    {
        void* pointer = TDomain.Calloc(api, (nuint)count, (nuint)elementSize);
        if (pointer == null && throwOnNull)
        {
            ThrowFailed<TDomain>(TDomain.CallocName, byteCount);
        }

        return (nint)pointer;
    }

    [DoesNotReturn]
    private static void ThrowFailed<TDomain>(string functionName, long byteCount)
        where TDomain : struct, IBlockDomain =>
        throw new BlockAllocationException(TDomain.Domain, functionName, byteCount);
}
