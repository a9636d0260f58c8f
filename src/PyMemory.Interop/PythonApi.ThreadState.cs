namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>PyGILState_STATE PyGILState_Ensure(void)</c>: attaches the calling thread, creating a thread state if needed.</summary>
    public delegate* unmanaged<int> PyGILState_Ensure { get; private set; }

    /// <summary><c>void PyGILState_Release(PyGILState_STATE)</c>: the outermost release deletes the thread state Ensure created.</summary>
    public delegate* unmanaged<int, void> PyGILState_Release { get; private set; }

    /// <summary><c>int PyGILState_Check(void)</c>: 1 when the calling thread holds the GIL. Callable without the GIL.</summary>
    public delegate* unmanaged<int> PyGILState_Check { get; private set; }

    /// <summary><c>PyThreadState* PyGILState_GetThisThreadState(void)</c>: the calling thread's thread state, or NULL.</summary>
    public delegate* unmanaged<nint> PyGILState_GetThisThreadState { get; private set; }

    /// <summary><c>PyThreadState* PyEval_SaveThread(void)</c>: releases the GIL and detaches the thread state.</summary>
    public delegate* unmanaged<nint> PyEval_SaveThread { get; private set; }

    /// <summary><c>void PyEval_RestoreThread(PyThreadState*)</c>: takes the GIL and attaches the thread state.</summary>
    public delegate* unmanaged<nint, void> PyEval_RestoreThread { get; private set; }

    /// <summary><c>PyThreadState* PyThreadState_GetUnchecked(void)</c> (3.13; <c>_PyThreadState_UncheckedGet</c> before):
    /// the attached thread state or NULL, without a fatal error.</summary>
    public delegate* unmanaged<nint> PyThreadState_GetUnchecked { get; private set; }

    /// <summary><c>PyThreadState* PyThreadState_Swap(PyThreadState*)</c>: makes the given thread state (or NULL) the
    /// current one and returns the previous; the GIL must be held.</summary>
    public delegate* unmanaged<nint, nint> PyThreadState_Swap { get; private set; }

    /// <summary><c>PyThreadState* Py_NewInterpreter(void)</c>: creates a subinterpreter and makes its first thread state
    /// current; the GIL must be held. Once any subinterpreter has existed, <c>PyGILState_Check</c> returns 1 on every
    /// thread.</summary>
    public delegate* unmanaged<nint> Py_NewInterpreter { get; private set; }

    /// <summary><c>void Py_EndInterpreter(PyThreadState*)</c>: destroys the subinterpreter whose current thread state is
    /// given; afterwards the current thread state is NULL.</summary>
    public delegate* unmanaged<nint, void> Py_EndInterpreter { get; private set; }

    private void BindThreadState(Binder b)
    {
        PyGILState_Ensure = (delegate* unmanaged<int>)b.Required("PyGILState_Ensure");
        PyGILState_Release = (delegate* unmanaged<int, void>)b.Required("PyGILState_Release");
        PyGILState_Check = (delegate* unmanaged<int>)b.Required("PyGILState_Check");
        PyGILState_GetThisThreadState = (delegate* unmanaged<nint>)b.Required("PyGILState_GetThisThreadState");
        PyEval_SaveThread = (delegate* unmanaged<nint>)b.Required("PyEval_SaveThread");
        PyEval_RestoreThread = (delegate* unmanaged<nint, void>)b.Required("PyEval_RestoreThread");
        PyThreadState_Swap = (delegate* unmanaged<nint, nint>)b.Required("PyThreadState_Swap");
        Py_NewInterpreter = (delegate* unmanaged<nint>)b.Required("Py_NewInterpreter");
        Py_EndInterpreter = (delegate* unmanaged<nint, void>)b.Required("Py_EndInterpreter");
        nint unchecked_ = b.Optional("PyThreadState_GetUnchecked", "_PyThreadState_UncheckedGet");
        PyThreadState_GetUnchecked = unchecked_ != 0
            ? (delegate* unmanaged<nint>)unchecked_
            : (delegate* unmanaged<nint>)b.Required("PyThreadState_GetUnchecked");
    }
}
