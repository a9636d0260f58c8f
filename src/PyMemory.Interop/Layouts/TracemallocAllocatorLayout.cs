namespace PyMemory.Interop.Layouts;

/// <summary>
/// The <c>ctx</c> of the hooks <c>tracemalloc.start()</c> installs (<c>Python/tracemalloc.c</c>, 3.8 to 3.14): the
/// address of the <c>PyMemAllocatorEx</c> it saved for that domain (<c>&amp;allocators.raw</c>, <c>.mem</c>,
/// <c>.obj</c>; inside <c>_PyRuntime.tracemalloc</c> from 3.12), in libpython's own data. Each hook passes its calls
/// to that saved allocator, and <c>tracemalloc.stop()</c> puts the saved allocators back with
/// <c>PyMem_SetAllocator</c>, dropping whatever was installed above the hooks meanwhile.
/// </summary>
internal static class TracemallocAllocatorLayout
{
    /// <summary>Byte offset of the wrapped <c>PyMemAllocatorEx</c> from <c>ctx</c>: <c>ctx</c> points at it.</summary>
    public const int saved_allocator = 0;
}
