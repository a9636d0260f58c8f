using PyMemory.Interop;

namespace PyMemory.Allocators;

/// <summary>The allocator pymalloc takes its arenas from (<c>PyObjectArenaAllocator</c>), as addresses.</summary>
/// <param name="Context">The <c>ctx</c> pointer passed to both functions.</param>
/// <param name="Alloc">Address of <c>void* alloc(void *ctx, size_t size)</c>.</param>
/// <param name="Free">Address of <c>void free(void *ctx, void *ptr, size_t size)</c>.</param>
public readonly record struct ArenaAllocatorFunctions(nint Context, nint Alloc, nint Free)
{
    /// <summary>Copies CPython's struct.</summary>
    /// <param name="native">The struct as <c>PyObject_GetArenaAllocator</c> filled it.</param>
    /// <returns>The same allocator as addresses.</returns>
    internal static unsafe ArenaAllocatorFunctions FromNative(in PyObjectArenaAllocator native) =>
        new((nint)native.ctx, (nint)native.alloc, (nint)native.free);
}
