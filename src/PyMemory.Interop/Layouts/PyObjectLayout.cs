using System.Runtime.InteropServices;

namespace PyMemory.Interop.Layouts;

/// <summary>
/// The head of every object (<c>PyObject</c>, <c>object.h</c>) in a GIL build of CPython 3.8 to 3.14 on 64-bit:
/// <c>Py_ssize_t ob_refcnt; PyTypeObject *ob_type;</c>. Byte offsets under the C field names, and the reads the C
/// macros do with them.
/// </summary>
/// <remarks>
/// Free-threaded builds start the object with other fields (<c>ob_tid</c>, <c>ob_ref_local</c>,
/// <c>ob_ref_shared</c>), so none of these offsets holds there; <see cref="RefCountLayout.For"/> refuses them.
/// </remarks>
internal static class PyObjectLayout
{
    /// <summary>Byte offset of <c>ob_refcnt</c>: the first word.</summary>
    public const int ob_refcnt = 0;

    /// <summary>Byte offset of <c>ob_type</c>: right after the <c>Py_ssize_t ob_refcnt</c>.</summary>
    public static int ob_type => IntPtr.Size;

    /// <summary><c>Py_TYPE(o)</c>: the object's type object (a borrowed pointer).</summary>
    /// <param name="o">A live <c>PyObject*</c>.</param>
    /// <returns>The <c>PyTypeObject*</c>.</returns>
    public static nint Py_TYPE(nint o) => Marshal.ReadIntPtr(o, ob_type);

    /// <summary>The whole <c>ob_refcnt</c> word as stored; <see cref="RefCountLayout"/> says what it means in a
    /// given version.</summary>
    /// <param name="o">A live <c>PyObject*</c>.</param>
    /// <returns>The first 8 bytes of the header.</returns>
    public static long ReadRefCountWord(nint o) => Marshal.ReadIntPtr(o, ob_refcnt);
}
