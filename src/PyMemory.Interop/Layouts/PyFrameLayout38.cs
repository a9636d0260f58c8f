using System.Runtime.InteropServices;

namespace PyMemory.Interop.Layouts;

/// <summary>
/// Where a thread's frames are in CPython 3.8 to 3.10 (64-bit GIL builds), for 3.8, which has no
/// <c>PyThreadState_GetFrame</c>, <c>PyFrame_GetCode</c> or <c>PyFrame_GetBack</c>. Byte offsets under the C field names.
/// </summary>
/// <remarks>
/// <c>struct _ts</c> (<c>cpython/pystate.h</c>) starts <c>struct _ts *prev, *next; PyInterpreterState *interp;
/// struct _frame *frame;</c>. <c>PyFrameObject</c> (<c>frameobject.h</c>) starts <c>PyObject_VAR_HEAD</c> (refcount,
/// type, size) then <c>struct _frame *f_back; PyCodeObject *f_code;</c>. Both hold in 3.8, 3.9 and 3.10 (the tests
/// compare them with the public functions of 3.9 and 3.10); 3.11 moved frames into <c>_PyInterpreterFrame</c>, so these
/// offsets are wrong there and must not be used. Reading them takes no reference and allocates nothing.
/// </remarks>
internal static class PyFrameLayout38
{
    /// <summary>Byte offset of <c>PyThreadState.interp</c>: after two pointers.</summary>
    public const int tstate_interp = 2 * 8;

    /// <summary>Byte offset of <c>PyThreadState.frame</c>: after three pointers.</summary>
    public const int tstate_frame = 3 * 8;

    /// <summary>Byte offset of <c>PyFrameObject.f_back</c>: after the variable-size object head (three words).</summary>
    public const int f_back = 3 * 8;

    /// <summary>Byte offset of <c>PyFrameObject.f_code</c>: right after <c>f_back</c>.</summary>
    public const int f_code = 4 * 8;

    /// <summary>True for the versions these offsets describe.</summary>
    /// <param name="version">A CPython version.</param>
    /// <returns>Whether the offsets hold (3.8 to 3.10, not free-threaded).</returns>
    public static bool Holds(PythonVersion version) =>
        !version.IsFreeThreaded && version.Major == 3 && version.Minor is >= 8 and <= 10;

    /// <summary><c>tstate->frame</c>: the innermost frame (borrowed) or zero.</summary>
    /// <param name="threadState">A live <c>PyThreadState*</c> of a thread that holds the GIL.</param>
    /// <returns>The <c>PyFrameObject*</c>.</returns>
    public static nint Frame(nint threadState) => Marshal.ReadIntPtr(threadState, tstate_frame);

    /// <summary><c>tstate->interp</c>: the thread state's interpreter.</summary>
    /// <param name="threadState">A live <c>PyThreadState*</c>.</param>
    /// <returns>The <c>PyInterpreterState*</c>.</returns>
    public static nint Interpreter(nint threadState) => Marshal.ReadIntPtr(threadState, tstate_interp);

    /// <summary><c>frame->f_back</c>: the calling frame (borrowed) or zero.</summary>
    /// <param name="frame">A live <c>PyFrameObject*</c>.</param>
    /// <returns>The <c>PyFrameObject*</c>.</returns>
    public static nint Back(nint frame) => Marshal.ReadIntPtr(frame, f_back);

    /// <summary><c>frame->f_code</c>: the frame's code object (borrowed).</summary>
    /// <param name="frame">A live <c>PyFrameObject*</c>.</param>
    /// <returns>The <c>PyCodeObject*</c>.</returns>
    public static nint Code(nint frame) => Marshal.ReadIntPtr(frame, f_code);
}
