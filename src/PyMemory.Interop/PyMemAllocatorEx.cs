using System.Runtime.InteropServices;

namespace PyMemory.Interop;

/// <summary>
/// CPython's <c>PyMemAllocatorEx</c>: a context pointer and four allocation functions, in header order.
/// The layout is identical in 3.8 to 3.13 (40 bytes on 64-bit platforms).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PyMemAllocatorEx
{
    /// <summary><c>void *ctx</c>: passed as the first argument of every function.</summary>
    public void* ctx;

    /// <summary><c>void* malloc(void *ctx, size_t size)</c>.</summary>
    public delegate* unmanaged<void*, nuint, void*> malloc;

    /// <summary><c>void* calloc(void *ctx, size_t nelem, size_t elsize)</c>.</summary>
    public delegate* unmanaged<void*, nuint, nuint, void*> calloc;

    /// <summary><c>void* realloc(void *ctx, void *ptr, size_t new_size)</c>.</summary>
    public delegate* unmanaged<void*, void*, nuint, void*> realloc;

    /// <summary><c>void free(void *ctx, void *ptr)</c>.</summary>
    public delegate* unmanaged<void*, void*, void> free;
}
