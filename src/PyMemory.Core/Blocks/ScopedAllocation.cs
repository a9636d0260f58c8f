using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PyMemory.Interop;

namespace PyMemory;

/// <summary>The allocation half of the scoped owners (<see cref="ScopedBlockCore{TDomain}"/>): the same checks as
/// the SafeHandle blocks, without a handle object.</summary>
internal static unsafe class ScopedAllocation
{
    /// <summary>A block of <paramref name="byteCount"/> bytes, or 0 when the allocator returned NULL and
    /// <paramref name="throwOnNull"/> is false; also hands back what the domain needs to release it on this thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Allocate<TDomain>(long byteCount, bool throwOnNull, out ThreadGilState? thread)
        where TDomain : struct, IBlockDomain
    {
        BlockSize.Check(byteCount, nameof(byteCount));
        PythonApi api = Gil.Require<TDomain>(TDomain.MallocName, out thread);
        void* pointer = TDomain.Malloc(api, (nuint)byteCount);
        if (pointer == null && throwOnNull)
        {
            ThrowFailed<TDomain>(TDomain.MallocName, byteCount);
        }

        return (nint)pointer;
    }

    /// <summary>A zero-filled block, or 0 when the allocator returned NULL and <paramref name="throwOnNull"/> is
    /// false; also hands back what the domain needs to release it on this thread.</summary>
    public static nint AllocateZeroed<TDomain>(long count, long elementSize, bool throwOnNull, out long byteCount, out ThreadGilState? thread)
        where TDomain : struct, IBlockDomain
    {
        byteCount = BlockSize.Product(count, elementSize);
        PythonApi api = Gil.Require<TDomain>(TDomain.CallocName, out thread);
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
