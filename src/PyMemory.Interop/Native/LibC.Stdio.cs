using System.Runtime.InteropServices;

namespace PyMemory.Interop.Native;

internal static unsafe partial class LibC
{
    /// <summary><c>FILE *open_memstream(char **ptr, size_t *sizeloc)</c>: a write-only stream into a buffer the C
    /// library grows with <c>malloc</c>; <c>fclose</c> stores the final buffer and length.</summary>
    /// <remarks>
    /// The buffer comes from whichever <c>malloc</c> the process resolves globally (an <c>LD_PRELOAD</c> interposer
    /// such as <c>libc_malloc_debug.so</c> when there is one), so it must be freed with the globally resolved
    /// <c>free</c> too: <see cref="System.Runtime.InteropServices.NativeMemory.Free"/>. That is why this class binds
    /// no <c>free</c>: one bound to libc itself would hand an interposer's block to libc's own heap.
    /// </remarks>
    [LibraryImport(Library, EntryPoint = "open_memstream")]
    internal static partial nint open_memstream(byte** ptr, nuint* sizeloc);

    /// <summary><c>int fclose(FILE *stream)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "fclose")]
    internal static partial int fclose(nint stream);
}
