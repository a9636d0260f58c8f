namespace PyMemory.Interop.Layouts;

/// <summary>
/// The <c>ctx</c> of CPython's debug hooks (<c>PYTHONMALLOC=debug</c>, <c>PyMem_SetupDebugHooks</c>): a
/// <c>debug_alloc_api_t</c> (<c>Objects/obmalloc.c</c> up to 3.11, <c>pycore_pymem.h</c> from 3.12), which lives in
/// libpython's own data (<c>_PyMem_Debug</c>, then <c>_PyRuntime.allocators.debug</c>):
/// <c>struct { char api_id; PyMemAllocatorEx alloc; }</c>. The same layout 3.8 to 3.14.
/// </summary>
/// <remarks>
/// <c>api_id</c> is the letter the hooks write into every block's header and report on misuse ("Allocated using API
/// 'm', verified using API 'r'"): <c>'r'</c> for RAW, <c>'m'</c> for MEM, <c>'o'</c> for OBJ. No pointer-aligned
/// field can start with those odd byte values, which is how the hooks' context is told apart from other structs.
/// </remarks>
internal static class DebugAllocApiLayout
{
    /// <summary>Byte offset of <c>char api_id</c>.</summary>
    public const int api_id = 0;

    /// <summary>Byte offset of <c>PyMemAllocatorEx alloc</c>, the allocator the hooks wrap: after <c>api_id</c>,
    /// padded to pointer alignment.</summary>
    public static int alloc => IntPtr.Size;

    /// <summary><c>_PyMem_Debug.raw.api_id</c>: <c>'r'</c>.</summary>
    public const byte RawApiId = (byte)'r';

    /// <summary><c>_PyMem_Debug.mem.api_id</c>: <c>'m'</c>.</summary>
    public const byte MemApiId = (byte)'m';

    /// <summary><c>_PyMem_Debug.obj.api_id</c>: <c>'o'</c>.</summary>
    public const byte ObjApiId = (byte)'o';

    /// <summary>The <c>api_id</c> of <paramref name="domain"/>'s debug hook.</summary>
    /// <param name="domain">A defined domain.</param>
    /// <returns><c>'r'</c>, <c>'m'</c> or <c>'o'</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domain"/> is not a defined domain.</exception>
    public static byte ApiId(PyMemAllocatorDomain domain) => domain switch
    {
        PyMemAllocatorDomain.Raw => RawApiId,
        PyMemAllocatorDomain.Mem => MemApiId,
        PyMemAllocatorDomain.Obj => ObjApiId,
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "Not a CPython allocator domain."),
    };
}
