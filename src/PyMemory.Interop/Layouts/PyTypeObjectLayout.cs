using System.Runtime.InteropServices;

namespace PyMemory.Interop.Layouts;

/// <summary>
/// The fields of <c>PyTypeObject</c> (<c>cpython/object.h</c>) that PyMemory reads directly, as byte offsets under
/// their C names. The head of the struct up to <c>tp_base</c> is the same in every GIL build of 3.8 to 3.14 on 64-bit:
/// <c>PyObject_VAR_HEAD</c> (3 words), <c>tp_name</c>, <c>tp_basicsize</c>, <c>tp_itemsize</c>, <c>tp_dealloc</c>, ...,
/// <c>tp_base</c> as word 32. Flags are read through <c>PyType_GetFlags</c>, never at an offset; their bits are
/// <see cref="PyTypeFlags"/>.
/// </summary>
internal static class PyTypeObjectLayout
{
    /// <summary>
    /// Python source whose value is a throw-away class made the way a <c>class</c> statement makes one. Its
    /// <c>tp_dealloc</c> is CPython's <c>subtype_dealloc</c>, which is static in <c>typeobject.c</c> (not exported):
    /// reading it from such a class is the only way to learn its address.
    /// </summary>
    public const string SubtypeDeallocProbe = "type('PyMemoryProbe', (), {})";

    /// <summary>Byte offset of <c>const char *tp_name</c> (word 3, after <c>PyObject_VAR_HEAD</c>).</summary>
    public static int tp_name => 3 * IntPtr.Size;

    /// <summary>Byte offset of <c>destructor tp_dealloc</c> (word 6).</summary>
    public static int tp_dealloc => 6 * IntPtr.Size;

    /// <summary>Byte offset of <c>PyTypeObject *tp_base</c> (word 32).</summary>
    public static int tp_base => 32 * IntPtr.Size;

    /// <summary>The type's <c>tp_name</c> as stored (<c>"list"</c>, <c>"json.decoder.JSONDecodeError"</c>).</summary>
    /// <param name="type">A live <c>PyTypeObject*</c>.</param>
    /// <returns>The name, or null when <c>tp_name</c> is NULL.</returns>
    public static string? ReadName(nint type) => Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(type, tp_name));

    /// <summary>The type's <c>tp_dealloc</c> function pointer.</summary>
    /// <param name="type">A live <c>PyTypeObject*</c>.</param>
    /// <returns>The address of the deallocator.</returns>
    public static nint ReadDealloc(nint type) => Marshal.ReadIntPtr(type, tp_dealloc);

    /// <summary>The type's <c>tp_base</c>: its first base type, NULL for <c>object</c>.</summary>
    /// <param name="type">A live <c>PyTypeObject*</c>.</param>
    /// <returns>The base <c>PyTypeObject*</c>, or 0.</returns>
    public static nint ReadBase(nint type) => Marshal.ReadIntPtr(type, tp_base);

    /// <summary>
    /// True when <paramref name="type"/> was made by a <c>class</c> statement: a heap type
    /// (<see cref="PyTypeFlags.Py_TPFLAGS_HEAPTYPE"/>) whose <c>tp_dealloc</c> is <c>subtype_dealloc</c>.
    /// </summary>
    /// <param name="type">A live <c>PyTypeObject*</c>.</param>
    /// <param name="flags">Its <c>PyType_GetFlags</c>.</param>
    /// <param name="subtypeDealloc">The <c>tp_dealloc</c> read from a <see cref="SubtypeDeallocProbe"/> class.</param>
    /// <returns>Whether the type is a Python class.</returns>
    public static bool IsClassStatementType(nint type, ulong flags, nint subtypeDealloc) =>
        (flags & PyTypeFlags.Py_TPFLAGS_HEAPTYPE) != 0 && ReadDealloc(type) == subtypeDealloc;
}
