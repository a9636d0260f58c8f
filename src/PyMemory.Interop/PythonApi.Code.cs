namespace PyMemory.Interop;

public unsafe partial class PythonApi
{
    /// <summary><c>PyObject* Py_CompileString(const char *str, const char *filename, int start)</c>: a new code object,
    /// or NULL with an error set (SyntaxError, MemoryError).</summary>
    public delegate* unmanaged<byte*, byte*, int, nint> Py_CompileString { get; private set; }

    /// <summary><c>PyObject* PyEval_EvalCode(PyObject *co, PyObject *globals, PyObject *locals)</c>: runs a code object;
    /// new reference to its result, or NULL with an error set.</summary>
    public delegate* unmanaged<nint, nint, nint, nint> PyEval_EvalCode { get; private set; }

    /// <summary><c>int PyCallable_Check(PyObject *o)</c>: 1 when <c>o</c> is callable; never fails.</summary>
    public delegate* unmanaged<nint, int> PyCallable_Check { get; private set; }

    /// <summary>Address of <c>PyCode_Type</c> (the type of code objects; <c>PyCode_Check</c> is an exact type test).</summary>
    public nint PyCode_Type { get; private set; }

    private void BindCode(Binder b)
    {
        Py_CompileString = (delegate* unmanaged<byte*, byte*, int, nint>)b.Required("Py_CompileString");
        PyEval_EvalCode = (delegate* unmanaged<nint, nint, nint, nint>)b.Required("PyEval_EvalCode");
        PyCallable_Check = (delegate* unmanaged<nint, int>)b.Required("PyCallable_Check");
        PyCode_Type = b.Required("PyCode_Type");
    }
}
