using PyMemory.Interop;

namespace PyMemory.Allocators;

/// <summary>
/// One domain's allocator as CPython stores it (<c>PyMemAllocatorEx</c>): the context pointer and the addresses of
/// the four functions. Two values are equal when all five addresses are equal, which is how PyMemory tells that an
/// allocator was restored exactly.
/// </summary>
/// <param name="Context">The <c>ctx</c> pointer passed to every function.</param>
/// <param name="Malloc">Address of <c>void* malloc(void *ctx, size_t size)</c>.</param>
/// <param name="Calloc">Address of <c>void* calloc(void *ctx, size_t nelem, size_t elsize)</c>.</param>
/// <param name="Realloc">Address of <c>void* realloc(void *ctx, void *ptr, size_t new_size)</c>.</param>
/// <param name="Free">Address of <c>void free(void *ctx, void *ptr)</c>.</param>
public readonly record struct AllocatorFunctions(nint Context, nint Malloc, nint Calloc, nint Realloc, nint Free)
{
    /// <summary>True when all four function addresses are set (a usable allocator).</summary>
    public bool IsComplete => Malloc != 0 && Calloc != 0 && Realloc != 0 && Free != 0;

    /// <summary>Copies CPython's struct.</summary>
    /// <param name="native">The struct as <c>PyMem_GetAllocator</c> filled it.</param>
    /// <returns>The same allocator as addresses.</returns>
    internal static unsafe AllocatorFunctions FromNative(in PyMemAllocatorEx native) =>
        new((nint)native.ctx, (nint)native.malloc, (nint)native.calloc, (nint)native.realloc, (nint)native.free);

    /// <summary>The struct to pass to <c>PyMem_SetAllocator</c>.</summary>
    /// <returns>CPython's struct with these five addresses.</returns>
    internal unsafe PyMemAllocatorEx ToNative() => new()
    {
        ctx = (void*)Context,
        malloc = (delegate* unmanaged<void*, nuint, void*>)Malloc,
        calloc = (delegate* unmanaged<void*, nuint, nuint, void*>)Calloc,
        realloc = (delegate* unmanaged<void*, void*, nuint, void*>)Realloc,
        free = (delegate* unmanaged<void*, void*, void>)Free,
    };
}
