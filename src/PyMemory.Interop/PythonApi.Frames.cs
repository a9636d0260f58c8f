namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>int PyFrame_GetLineNumber(PyFrameObject *frame)</c>: the line the frame is executing. Does not
    /// allocate (3.8-3.13).</summary>
    public delegate* unmanaged<nint, int> PyFrame_GetLineNumber { get; private set; }

    /// <summary><c>void PyErr_Restore(PyObject *type, PyObject *value, PyObject *tb)</c>: makes the three (references
    /// taken over) the pending error, releasing any pending one; with three NULLs it clears the error.</summary>
    public delegate* unmanaged<nint, nint, nint, void> PyErr_Restore { get; private set; }

    /// <summary><c>PyFrameObject* PyThreadState_GetFrame(PyThreadState*)</c> (3.9+): the thread's innermost frame (new
    /// reference) or NULL. From 3.11 it creates the frame object when the frame has none (an allocation).
    /// Throws <see cref="NotSupportedException"/> on 3.8.</summary>
    public delegate* unmanaged<nint, nint> PyThreadState_GetFrame =>
        _pyThreadStateGetFrame != null ? _pyThreadStateGetFrame : throw Missing("PyThreadState_GetFrame");

    /// <summary><c>PyCodeObject* PyFrame_GetCode(PyFrameObject*)</c> (3.9+): the frame's code object (new reference,
    /// never NULL). Throws <see cref="NotSupportedException"/> on 3.8.</summary>
    public delegate* unmanaged<nint, nint> PyFrame_GetCode =>
        _pyFrameGetCode != null ? _pyFrameGetCode : throw Missing("PyFrame_GetCode");

    /// <summary><c>PyFrameObject* PyFrame_GetBack(PyFrameObject*)</c> (3.9+): the calling frame (new reference) or NULL.
    /// From 3.11 it may create that frame's object (an allocation). Throws <see cref="NotSupportedException"/> on 3.8.</summary>
    public delegate* unmanaged<nint, nint> PyFrame_GetBack =>
        _pyFrameGetBack != null ? _pyFrameGetBack : throw Missing("PyFrame_GetBack");

    /// <summary><c>int PyGC_Disable(void)</c> (3.10+): turns automatic collection off; returns whether it was on.
    /// Throws <see cref="NotSupportedException"/> before 3.10.</summary>
    public delegate* unmanaged<int> PyGC_Disable =>
        _pyGcDisable != null ? _pyGcDisable : throw Missing("PyGC_Disable");

    /// <summary><c>int PyGC_Enable(void)</c> (3.10+): turns automatic collection on; returns whether it was on.
    /// Throws <see cref="NotSupportedException"/> before 3.10.</summary>
    public delegate* unmanaged<int> PyGC_Enable =>
        _pyGcEnable != null ? _pyGcEnable : throw Missing("PyGC_Enable");

    /// <summary><c>PyInterpreterState* PyThreadState_GetInterpreter(PyThreadState*)</c> (3.9+): the thread state's
    /// interpreter. Throws <see cref="NotSupportedException"/> on 3.8.</summary>
    public delegate* unmanaged<nint, nint> PyThreadState_GetInterpreter =>
        _pyThreadStateGetInterpreter != null ? _pyThreadStateGetInterpreter : throw Missing("PyThreadState_GetInterpreter");

    /// <summary>The interpreter <paramref name="threadState"/> belongs to, on every version: through
    /// <see cref="PyThreadState_GetInterpreter"/> from 3.9, from the struct's field on 3.8, which lacks the function.</summary>
    /// <param name="threadState">A live <c>PyThreadState*</c>.</param>
    /// <returns>Its <c>PyInterpreterState*</c>.</returns>
    internal nint InterpreterOf(nint threadState) => _pyThreadStateGetInterpreter != null
        ? _pyThreadStateGetInterpreter(threadState)
        : Layouts.PyFrameLayout38.Interpreter(threadState);

    /// <summary><c>PyInterpreterState* PyInterpreterState_Main(void)</c>: the main interpreter. Throws
    /// <see cref="NotSupportedException"/> where it is not exported.</summary>
    public delegate* unmanaged<nint> PyInterpreterState_Main =>
        _pyInterpreterStateMain != null ? _pyInterpreterStateMain : throw Missing("PyInterpreterState_Main");

    private delegate* unmanaged<nint, nint> _pyThreadStateGetInterpreter;
    private delegate* unmanaged<nint> _pyInterpreterStateMain;
    private delegate* unmanaged<nint, nint> _pyThreadStateGetFrame;
    private delegate* unmanaged<nint, nint> _pyFrameGetCode;
    private delegate* unmanaged<nint, nint> _pyFrameGetBack;
    private delegate* unmanaged<int> _pyGcDisable;
    private delegate* unmanaged<int> _pyGcEnable;

    private void BindFrames(Binder b)
    {
        PyFrame_GetLineNumber = (delegate* unmanaged<nint, int>)b.Required("PyFrame_GetLineNumber");
        PyErr_Restore = (delegate* unmanaged<nint, nint, nint, void>)b.Required("PyErr_Restore");
        _pyThreadStateGetFrame = (delegate* unmanaged<nint, nint>)b.Optional("PyThreadState_GetFrame");
        _pyFrameGetCode = (delegate* unmanaged<nint, nint>)b.Optional("PyFrame_GetCode");
        _pyFrameGetBack = (delegate* unmanaged<nint, nint>)b.Optional("PyFrame_GetBack");
        _pyGcDisable = (delegate* unmanaged<int>)b.Optional("PyGC_Disable");
        _pyGcEnable = (delegate* unmanaged<int>)b.Optional("PyGC_Enable");
        _pyThreadStateGetInterpreter = (delegate* unmanaged<nint, nint>)b.Optional("PyThreadState_GetInterpreter");
        _pyInterpreterStateMain = (delegate* unmanaged<nint>)b.Optional("PyInterpreterState_Main");
    }
}
