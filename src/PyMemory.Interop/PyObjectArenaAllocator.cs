using System.Runtime.InteropServices;

namespace PyMemory.Interop;

/// <summary>
/// CPython's <c>PyObjectArenaAllocator</c>: the allocator pymalloc uses for its arenas.
/// Note the argument order of <see cref="free"/>: <c>(ctx, ptr, size)</c>, as in the header.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PyObjectArenaAllocator
{
    /// <summary><c>void *ctx</c>: passed as the first argument of both functions.</summary>
    public void* ctx;

    /// <summary><c>void* alloc(void *ctx, size_t size)</c>.</summary>
    public delegate* unmanaged<void*, nuint, void*> alloc;

    /// <summary><c>void free(void *ctx, void *ptr, size_t size)</c>.</summary>
    public delegate* unmanaged<void*, void*, nuint, void> free;
}
