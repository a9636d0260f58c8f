using System.Runtime.InteropServices;

namespace PyMemory.Interop.Layouts;

/// <summary>
/// Where a type object keeps its buffer functions and its constructor, for a heap type made by <c>PyType_FromSpec</c>:
/// byte offsets under their C names, the same in every GIL build of 3.8 to 3.14 on 64-bit (<see cref="PyTypeObjectLayout"/>
/// counts the words of the same head). <c>PyType_FromSpec</c> points <c>tp_as_buffer</c> at the heap type's own
/// <c>PyBufferProcs as_buffer</c> in every version, so on 3.8, where the buffer slots of a spec are disabled, the two
/// functions are written there once the type exists.
/// </summary>
internal static unsafe class PyHeapTypeBufferLayout
{
    /// <summary>Byte offset of <c>PyBufferProcs *tp_as_buffer</c> (word 20).</summary>
    public static int tp_as_buffer => 20 * IntPtr.Size;

    /// <summary>Byte offset of <c>newfunc tp_new</c> (word 39).</summary>
    public static int tp_new => 39 * IntPtr.Size;

    /// <summary>Byte offset of <c>getbufferproc bf_getbuffer</c> inside <c>PyBufferProcs</c>.</summary>
    public const int bf_getbuffer = 0;

    /// <summary>Byte offset of <c>releasebufferproc bf_releasebuffer</c> inside <c>PyBufferProcs</c>.</summary>
    public static int bf_releasebuffer => IntPtr.Size;

    /// <summary>The type's <c>tp_as_buffer</c>.</summary>
    /// <param name="type">A live <c>PyTypeObject*</c>.</param>
    /// <returns>The <c>PyBufferProcs*</c>, or 0.</returns>
    public static nint ReadBufferProcs(nint type) => Marshal.ReadIntPtr(type, tp_as_buffer);

    /// <summary>Sets both buffer functions of a heap type that has its own <c>PyBufferProcs</c>.</summary>
    /// <param name="type">A heap type made by <c>PyType_FromSpec</c>, before any instance exists.</param>
    /// <param name="getBuffer">The <c>bf_getbuffer</c> function.</param>
    /// <param name="releaseBuffer">The <c>bf_releasebuffer</c> function.</param>
    /// <returns>False when the type has no <c>tp_as_buffer</c> to write to.</returns>
    public static bool WriteBufferProcs(nint type, nint getBuffer, nint releaseBuffer)
    {
        nint procs = ReadBufferProcs(type);
        if (procs == 0)
        {
            return false;
        }

        Marshal.WriteIntPtr(procs, bf_getbuffer, getBuffer);
        Marshal.WriteIntPtr(procs, bf_releasebuffer, releaseBuffer);
        return true;
    }

    /// <summary>Clears <c>tp_new</c>, so that Python code cannot create instances (<c>T()</c> raises TypeError
    /// "cannot create instances"), as <c>Py_TPFLAGS_DISALLOW_INSTANTIATION</c> does from 3.10.</summary>
    /// <param name="type">A heap type made by <c>PyType_FromSpec</c> without a <c>Py_tp_new</c> slot.</param>
    public static void ClearNew(nint type) => Marshal.WriteIntPtr(type, tp_new, 0);
}
